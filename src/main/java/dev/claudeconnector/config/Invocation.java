package dev.claudeconnector.config;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How the user runs this program, for advice such as "run 'java -jar target/agent.jar login'": what
 * the {@value #PROPERTY} system property or the {@value #ENV} environment variable says (the
 * installed command sets it), else the jar as they reached it (relative to the current folder when
 * it lies below it). Outside a jar (tests, an IDE) it is the build's own {@code java -jar target/agent.jar}.
 */
public final class Invocation {
    public static final String PROPERTY = "connector.command";
    public static final String ENV = "CLAUDE_CONNECTOR_COMMAND";
    private static final String BUILT = "java -jar target/agent.jar";
    private static volatile String command;
    private static volatile String build;

    private Invocation() {
    }

    /** The command that starts this program, without a command word. */
    public static String command() {
        String c = command;
        if (c == null) {
            String given = System.getProperty(PROPERTY, "").isBlank() ? System.getenv().getOrDefault(ENV, "")
                    : System.getProperty(PROPERTY);
            c = given.isBlank() ? fromJar() : given.strip();
            command = c;
        }
        return c;
    }

    /**
     * Which build of the jar this is, as seen the first time it is asked (size and modification time
     * of the jar file): a proxy started before a rebuild reports the old one. {@code dev} outside a
     * jar; the {@code connector.build} system property names another (tests imitate an older build).
     */
    public static String build() {
        String b = build;
        if (b == null && !System.getProperty("connector.build", "").isBlank()) {
            b = System.getProperty("connector.build");
            build = b;
        }
        if (b == null) {
            b = runningJar().map(jar -> {
                try {
                    return Long.toHexString(Files.size(jar)) + "-" + Long.toHexString(Files.getLastModifiedTime(jar).toMillis());
                } catch (IOException unreadable) {
                    return "dev";
                }
            }).orElse("dev");
            build = b;
        }
        return b;
    }

    /** The jar this program runs from; empty outside a jar (tests, an IDE). */
    public static Optional<Path> runningJar() {
        try {
            Path source = Path.of(Invocation.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath().normalize();
            return source.getFileName().toString().endsWith(".jar") ? Optional.of(source) : Optional.empty();
        } catch (URISyntaxException | RuntimeException unknown) {
            return Optional.empty();
        }
    }

    /** The command followed by {@code words}, e.g. {@code of("login")}. */
    public static String of(String words) {
        return command() + " " + words;
    }

    private static String fromJar() {
        return runningJar().map(jar -> describe(jar, Path.of(""))).orElse(BUILT);
    }

    /** {@code java -jar <jar>}: relative to {@code cwd} when below it, quoted when the shell would split it. */
    static String describe(Path codeSource, Path cwd) {
        Path jar = codeSource.toAbsolutePath().normalize();
        if (!jar.getFileName().toString().endsWith(".jar")) {
            return BUILT;
        }
        Path here = cwd.toAbsolutePath().normalize();
        String shown = (jar.startsWith(here) ? here.relativize(jar) : jar).toString();
        return "java -jar " + (shown.matches("[\\w./@%+=:,-]+") ? shown : "\"" + shown + "\"");
    }
}
