package dev.claudeconnector.cli;

import dev.claudeconnector.auth.AuthFile;
import dev.claudeconnector.auth.Credentials;
import dev.claudeconnector.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.io.PrintWriter;
import dev.claudeconnector.config.Invocation;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code env}: prints the shell lines that point Claude Code at the proxy, for {@code eval}. */
@Command(name = "env", mixinStandardHelpOptions = true,
        description = {"Print the environment for the Claude Code CLI to use the proxy, to eval in your shell.",
                "Sets ANTHROPIC_BASE_URL and ANTHROPIC_AUTH_TOKEN (the local key), unsets ANTHROPIC_API_KEY,",
                "points Claude Code's model variables at catalog models, and turns telemetry off."},
        footer = {"", "Examples:",
                "  eval \"$(${sys:connector.command} env)\"",
                "  eval \"$(${sys:connector.command} env -m claude-sonnet-4)\"",
                "  ${sys:connector.command} env --shell fish | source",
                "Exit codes: 0 printed, 1 error (e.g. a model not in the catalog), 2 bad usage."})
final class EnvCommand implements Callable<Integer> {
    enum Shell { bash, zsh, fish }

    @Mixin
    CommonOptions options;

    @Option(names = "--shell", paramLabel = "SHELL", description = "bash, zsh or fish (default: from $SHELL, else bash).")
    Shell shell;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Also set ANTHROPIC_MODEL (a catalog model).")
    String model;

    @Option(names = "--no-start", description = "Do not start the proxy in the background when none is running (only warn).")
    boolean noStart;

    @Override
    public Integer call() throws Exception {
        Settings settings = options.load();
        Optional<String> chosen = Optional.ofNullable(model).map(m -> Models.requireInCatalog(settings, m));
        String key = new Credentials(new AuthFile(settings.authFile()), System.getenv()).ensureLocalKey();
        Shell target = shell != null ? shell : detect();
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> v : ClaudeEnvironment.variables(settings, key, chosen).entrySet()) {
            out.append(line(target, v.getKey(), v.getValue())).append('\n');
        }
        System.out.print(out);
        System.out.flush();
        // The lines point Claude Code at the proxy: make sure one answers there (notes go to stderr, not into eval).
        PrintWriter err = new PrintWriter(System.err, true);
        if (noStart) {
            if (LocalProxy.health(settings).isEmpty()) {
                err.println("note: no proxy is running on " + settings.localBaseUrl() + "; start it with '"
                        + Invocation.of("serve") + "' (or run without --no-start)");
            }
        } else {
            ProxyProcess.ensureRunning(settings, options, err);
        }
        return 0;
    }

    static String line(Shell shell, String name, String value) {
        if (shell == Shell.fish) {
            return value == null ? "set -e " + name + ";"
                    : "set -gx " + name + " '" + value.replace("\\", "\\\\").replace("'", "\\'") + "';";
        }
        return value == null ? "unset " + name + ";" : "export " + name + "='" + value.replace("'", "'\\''") + "';";
    }

    private static Shell detect() {
        String sh = System.getenv().getOrDefault("SHELL", "");
        String name = sh.substring(sh.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return name.equals("fish") ? Shell.fish : name.equals("zsh") ? Shell.zsh : Shell.bash;
    }
}
