package dev.claudeconnector.cli;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A program run as a user runs it: in a folder, with exactly this environment, no input, within a time limit. */
record ProcessRun(int exit, String out, String err) {
    String all() {
        return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }

    void ok() {
        assertEquals(0, exit, all());
    }

    /**
     * @param scratch a folder for the captured output (removed again)
     * @param dir     the folder the program runs in
     */
    static ProcessRun of(Path scratch, Path dir, Map<String, String> env, long seconds, String... command) throws Exception {
        Path out = Files.createTempFile(scratch, "out", ".txt");
        Path err = Files.createTempFile(scratch, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + seconds + " s:\n"
                    + Files.readString(out) + Files.readString(err));
        }
        ProcessRun run = new ProcessRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return run;
    }
}
