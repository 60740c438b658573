package dev.claudeconnector.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command of the program in a JVM of its own, as a user runs it from a shell: nothing but the
 * files (auth file, browser profile) carries over from an earlier command.
 */
final class SeparateJvm {
    /** The exit code and everything the command printed. */
    record Result(int exit, String output) {
    }

    private SeparateJvm() {
    }

    /** Starts {@code command} with the fixture's flags; {@code virtualDisplay} runs it under {@code xvfb-run -a}. */
    static Process start(SsoFixture sso, Path log, boolean virtualDisplay, String... command) throws Exception {
        return start(sso, log, virtualDisplay, Map.of(), command);
    }

    /** The same with {@code env} added to an environment that has no display of its own. */
    static Process start(SsoFixture sso, Path log, boolean virtualDisplay, Map<String, String> env, String... command)
            throws Exception {
        List<String> line = new ArrayList<>();
        if (virtualDisplay) {
            line.addAll(List.of("xvfb-run", "-a"));
        }
        line.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.claudeconnector.cli.Main"));
        line.addAll(List.of(sso.flags(command[0], Arrays.copyOfRange(command, 1, command.length))));
        ProcessBuilder pb = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs {@code command} headless to its end (at most {@code seconds}). */
    static Result run(SsoFixture sso, Path log, long seconds, String... command) throws Exception {
        return run(sso, log, seconds, Map.of(), command);
    }

    /** The same with {@code env} added to the command's environment. */
    static Result run(SsoFixture sso, Path log, long seconds, Map<String, String> env, String... command) throws Exception {
        Process p = start(sso, log, false, env, command);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + seconds + " s: "
                    + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log));
    }
}
