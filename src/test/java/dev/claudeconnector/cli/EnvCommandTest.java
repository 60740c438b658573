package dev.claudeconnector.cli;

import dev.claudeconnector.auth.AuthFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvCommandTest {
    @TempDir
    Path dir;

    private CliRun env(String... more) {
        String[] base = {"env", "--no-start", "--auth-file", dir.resolve(".auth.env").toString(), "--port", "23456"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return CliRun.of(all);
    }

    /** Evaluates the printed lines in the real shell, then prints the resulting environment. */
    private Map<String, String> evaluated(String shell, String lines) throws Exception {
        Path script = dir.resolve("env." + shell);
        Files.writeString(script, lines);
        String command = shell.equals("fish") ? "source " + script + "; env" : "eval \"$(cat " + script + ")\"; env";
        ProcessBuilder pb = new ProcessBuilder(shell, "-c", command).redirectErrorStream(true);
        pb.environment().put("ANTHROPIC_API_KEY", "would-win-over-the-local-key");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        Map<String, String> vars = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                vars.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return vars;
    }

    @ParameterizedTest
    @ValueSource(strings = {"bash", "zsh", "fish"})
    void printsLinesTheChosenShellEvaluates(String shell) throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/" + shell)), shell + " is installed (.ci/run installs zsh and fish)");
        CliRun run = env("--shell", shell, "-m", "claude-sonnet-4-0");
        assertEquals(0, run.exit(), run.err());
        Map<String, String> vars = evaluated(shell, run.out());
        String key = new AuthFile(dir.resolve(".auth.env")).read().get("CONNECTOR_LOCAL_KEY");
        assertTrue(key != null && key.startsWith("ck-"), "a local key was generated and saved");
        assertEquals("http://127.0.0.1:23456", vars.get("ANTHROPIC_BASE_URL"));
        assertEquals(key, vars.get("ANTHROPIC_AUTH_TOKEN"));
        assertFalse(vars.containsKey("ANTHROPIC_API_KEY"), "ANTHROPIC_API_KEY is unset: it would take precedence");
        assertEquals("claude-sonnet-4", vars.get("ANTHROPIC_MODEL"), "the catalog name of the model asked for");
        for (String name : new String[] {"ANTHROPIC_DEFAULT_HAIKU_MODEL", "ANTHROPIC_DEFAULT_SONNET_MODEL",
                "ANTHROPIC_DEFAULT_OPUS_MODEL", "ANTHROPIC_SMALL_FAST_MODEL"}) {
            assertEquals("claude-sonnet-4.5", vars.get(name), name + " points at a catalog model");
        }
        assertEquals("1", vars.get("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"));
        assertEquals("1", vars.get("DISABLE_TELEMETRY"));
        assertEquals("1", vars.get("DISABLE_ERROR_REPORTING"));
    }

    @Test
    void withoutModelNoAnthropicModelIsSet() throws Exception {
        CliRun run = env("--shell", "bash");
        assertEquals(0, run.exit());
        assertFalse(run.out().contains("ANTHROPIC_MODEL="), run.out());
    }

    @Test
    void aModelNotInTheCatalogIsRefusedWithTheList() {
        CliRun run = env("-m", "gpt-4o");
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("'gpt-4o' is not in the catalog; available: claude-sonnet-4.5, claude-sonnet-4,"), run.err());
        assertEquals("", run.out(), "nothing to eval on error");
    }

    @Test
    void valuesWithQuotesStayIntact() {
        assertEquals("export X='it'\\''s';", EnvCommand.line(EnvCommand.Shell.bash, "X", "it's"));
        assertEquals("set -gx X 'it\\'s';", EnvCommand.line(EnvCommand.Shell.fish, "X", "it's"));
        assertEquals("unset X;", EnvCommand.line(EnvCommand.Shell.zsh, "X", null));
        assertEquals("set -e X;", EnvCommand.line(EnvCommand.Shell.fish, "X", null));
    }
}
