package dev.claudeconnector.cli;

import dev.claudeconnector.config.Invocation;
import dev.claudeconnector.auth.AuthFile;
import dev.claudeconnector.auth.Credentials;
import dev.claudeconnector.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code claude}: the Claude Code CLI in a folder, through the proxy (started in the background when needed). */
@Command(name = "claude", mixinStandardHelpOptions = true,
        description = {"Start the Claude Code CLI in DIR (default: here) through the proxy.",
                "Starts 'serve' in the background first when nothing answers on the port.",
                "Arguments after -- go to claude unchanged; its exit code is returned."},
        footer = {"", "Examples:",
                "  ${sys:connector.command} claude",
                "  ${sys:connector.command} claude -m claude-sonnet-4 ~/work/project",
                "  ${sys:connector.command} claude ~/work/project -- -p 'explain this repo'",
                "Exit codes: claude's own; 1 when it could not be started (no token, unknown model, no claude)."})
final class ClaudeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "A catalog model (see 'models').")
    String model;

    @Option(names = "--claude-bin", paramLabel = "PATH", description = "The claude executable (default: claude on PATH).")
    Path claudeBin;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Folder to work in (default: the current one).")
    Path dir;

    /** Everything after {@code --}, split off before picocli parses (see {@link Main#run}). */
    List<String> passThrough = List.of();

    @Override
    public Integer call() throws Exception {
        Settings settings = options.load();
        Credentials credentials = new Credentials(new AuthFile(settings.authFile()), System.getenv());
        if (credentials.token().isEmpty()) {
            System.err.println("No Open WebUI token yet. Sign in first:");
            System.err.println("  " + loginCommand());
            return 1;
        }
        Optional<String> chosen = Optional.ofNullable(model).map(m -> Models.requireInCatalog(settings, m));
        Path claude = ClaudeCli.find(claudeBin).orElseThrow(() -> new IllegalStateException(
                "the Claude Code CLI (claude) was not found: " + ClaudeCli.INSTALL_HINT + ", or pass --claude-bin PATH"));
        Path workDir = (dir == null ? Path.of("") : dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(workDir)) {
            throw new IllegalArgumentException("no such folder: " + workDir);
        }
        String key = credentials.ensureLocalKey();
        ProxyProcess.ensureRunning(settings, options, new PrintWriter(System.err, true));

        List<String> command = new ArrayList<>(List.of(claude.toString()));
        chosen.ifPresent(m -> command.addAll(List.of("--model", ClaudeEnvironment.claudeCodeId(settings, m))));
        command.addAll(passThrough);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).inheritIO();
        Map<String, String> env = pb.environment();
        ClaudeEnvironment.variables(settings, key, chosen).forEach((name, value) -> {
            if (value == null) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
        });
        Process process = pb.start();
        // Ctrl-C belongs to Claude (it interrupts the model there); this process just waits.
        Signals.ignoreInterrupt();
        return process.waitFor();
    }

    private String loginCommand() {
        List<String> flags = new ArrayList<>(List.of(Invocation.of("login")));
        ProxyProcess.add(flags, "--config", options.config);
        ProxyProcess.add(flags, "--upstream", options.upstream);
        ProxyProcess.add(flags, "--auth-file", options.authFile);
        ProxyProcess.add(flags, "--profile", options.profile);
        ProxyProcess.add(flags, "--browser", options.browser);
        return String.join(" ", flags);
    }

}
