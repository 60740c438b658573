package dev.claudeconnector.cli;

import dev.claudeconnector.auth.AuthFile;
import dev.claudeconnector.config.ModelSpec;
import dev.claudeconnector.config.Overrides;
import dev.claudeconnector.config.SettingsLoader;
import dev.claudeconnector.models.ModelCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
        assertEquals("Claude Sonnet 4", vars.get("ANTHROPIC_MODEL"), "the display name of the model asked for");
        for (String name : new String[] {"ANTHROPIC_DEFAULT_HAIKU_MODEL", "ANTHROPIC_DEFAULT_SONNET_MODEL",
                "ANTHROPIC_DEFAULT_OPUS_MODEL", "ANTHROPIC_DEFAULT_FABLE_MODEL", "ANTHROPIC_SMALL_FAST_MODEL",
                "CLAUDE_CODE_SUBAGENT_MODEL"}) {
            assertEquals("Claude Sonnet 4.5", vars.get(name), name + " points at the default catalog model");
        }
        for (String tier : new String[] {"OPUS", "SONNET", "HAIKU", "FABLE"}) {
            assertEquals("Claude Sonnet 4.5", vars.get("ANTHROPIC_DEFAULT_" + tier + "_MODEL_NAME"));
            assertEquals("claude-sonnet-4.5 via Open WebUI (in the " + tier.toLowerCase() + " slot)",
                    vars.get("ANTHROPIC_DEFAULT_" + tier + "_MODEL_DESCRIPTION"));
        }
        assertEquals("1", vars.get("CLAUDE_CODE_DISABLE_LEGACY_MODEL_REMAP"));
        assertEquals("1", vars.get("CLAUDE_CODE_DISABLE_1M_CONTEXT"));
        assertEquals("200000", vars.get("CLAUDE_CODE_MAX_CONTEXT_TOKENS"));
        assertEquals("200000", vars.get("CLAUDE_CODE_AUTO_COMPACT_WINDOW"));
        assertFalse(vars.containsKey("CLAUDE_CODE_DISABLE_UNKNOWN_MODEL_WINDOW_ENFORCEMENT"),
                "newer Claude Code would stop compacting on its own");
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

    /**
     * Claude Code (2.1.197) reads a model as one of Anthropic's when its lower-cased name contains
     * one of these (its canonicalisation is a chain of substring tests), and keeps retirement dates
     * for several of them; a name starting with "claude-" also ignores CLAUDE_CODE_MAX_CONTEXT_TOKENS.
     */
    private static final List<String> ANTHROPIC_PATTERNS = List.of("claude-sonnet-", "claude-opus-", "claude-haiku-",
            "claude-3-", "claude-fable-", "claude-mythos-");

    @Test
    void claudeCodeIsGivenDisplayNamesThatTheProxyMapsBackToTheSameCatalogModel() {
        var settings = SettingsLoader.load(Overrides.none(), Map.of(), dir);
        ModelCatalog catalog = new ModelCatalog(settings.models(), settings.defaultModel());
        for (ModelSpec m : settings.models()) {
            String id = ClaudeEnvironment.claudeCodeId(catalog, m.name());
            String lower = id.toLowerCase(Locale.ROOT);
            assertTrue(id.startsWith("Claude "), id);
            assertTrue(ANTHROPIC_PATTERNS.stream().noneMatch(lower::contains), id + " is no name Claude Code knows");
            ModelCatalog.Resolution r = catalog.resolve(id);
            assertEquals(m.name(), r.model().name(), id);
            assertFalse(r.fallback(), id);
        }
        assertEquals("Claude Sonnet 4.5", ClaudeEnvironment.claudeCodeId(catalog, "claude-sonnet-4.5"));
        assertEquals("Claude Sonnet 4", ClaudeEnvironment.claudeCodeId(catalog, "claude-sonnet-4"));
        assertEquals("Claude Sonnet 3.7", ClaudeEnvironment.claudeCodeId(catalog, "claude-3.7-sonnet"));
    }

    @Test
    void aModelWhoseDisplayNameWouldReachAnotherEntryKeepsItsCatalogName() {
        ModelCatalog catalog = new ModelCatalog(List.of(
                new ModelSpec("claude-sonnet-4.5", null, 100, false),
                new ModelSpec("claude-sonnet-4.5-thinking", null, 100, false),
                new ModelSpec("gpt-4o", null, 100, false),
                new ModelSpec("claude-haiku-4.5", null, 100, false)), "claude-sonnet-4.5");
        assertEquals("Claude Sonnet 4.5", ClaudeEnvironment.claudeCodeId(catalog, "claude-sonnet-4.5"));
        assertEquals("claude-sonnet-4.5-thinking", ClaudeEnvironment.claudeCodeId(catalog, "claude-sonnet-4.5-thinking"),
                "'Claude Sonnet 4.5' is the other entry");
        assertEquals("gpt-4o", ClaudeEnvironment.claudeCodeId(catalog, "gpt-4o"));
        assertEquals("claude-haiku-4.5", ClaudeEnvironment.claudeCodeId(catalog, "claude-haiku-4.5"),
                "the catalog maps a haiku only by its exact name");
    }
}
