package dev.claudeconnector.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finding the Claude Code CLI and asking its version. */
final class ClaudeCli {
    static final String INSTALL_HINT = "install it with 'npm install -g @anthropic-ai/claude-code'"
            + " (see https://docs.claude.com/en/docs/claude-code)";

    private ClaudeCli() {
    }

    /** {@code override} when given (must be executable), else {@code claude} on the PATH. */
    static Optional<Path> find(Path override) {
        if (override != null) {
            return Files.isExecutable(override) ? Optional.of(override) : Optional.empty();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, "claude");
                if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** What {@code claude --version} prints (first line), or empty when it does not answer within 15 s. */
    static Optional<String> version(Path claude) {
        try {
            Process p = new ProcessBuilder(claude.toString(), "--version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 && !out.isEmpty() ? Optional.of(out.lines().findFirst().orElse(out)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
