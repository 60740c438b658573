package dev.claudeconnector.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code serve} with nothing but its plain options ({@code --port 22661 --upstream URL}…), read
 * without picocli. Picocli builds its model by reflection over classes compiled for Java 5, which
 * the JVM's ahead-of-time cache cannot hold; that alone was a third of the proxy's start. Anything
 * else (help, version, an unknown option, a missing or odd value) goes to picocli, which answers it
 * properly. {@code ServeFastPathTest} holds {@link #OPTIONS} to ServeCommand's picocli options.
 */
final class ServeFastPath {
    static final Set<String> OPTIONS = Set.of("--config", "--upstream", "--port", "--auth-file", "--profile",
            "--browser", "--log-level", "--host");

    private ServeFastPath() {
    }

    /** The command with these arguments set, or empty when picocli should read them. */
    static Optional<ServeCommand> parse(List<String> args) {
        ServeCommand serve = new ServeCommand();
        CommonOptions common = new CommonOptions();
        serve.common = common;
        try {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                int equals = arg.indexOf('=');
                String name = equals > 0 ? arg.substring(0, equals) : arg;
                if (!OPTIONS.contains(name) || (equals < 0 && i + 1 == args.size())) {
                    return Optional.empty();
                }
                String value = equals > 0 ? arg.substring(equals + 1) : args.get(++i);
                if (value.isEmpty() || value.startsWith("-")) {
                    return Optional.empty();
                }
                switch (name) {
                    case "--config" -> common.config = Path.of(value);
                    case "--upstream" -> common.upstream = value;
                    case "--port" -> common.port = Integer.valueOf(value);
                    case "--auth-file" -> common.authFile = Path.of(value);
                    case "--profile" -> common.profile = Path.of(value);
                    case "--browser" -> common.browser = value;
                    case "--log-level" -> common.logLevel = value;
                    default -> serve.host = value;
                }
            }
        } catch (NumberFormatException | InvalidPathException odd) {
            return Optional.empty();
        }
        return Optional.of(serve);
    }
}
