package dev.claudeconnector.cli;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code claude}: refuses early when it cannot work, otherwise starts the proxy in the background
 * and runs the Claude CLI (a stand-in script here that records what it got and calls the proxy
 * the way Claude Code does).
 */
class ClaudeCommandTest {
    private static final String CATALOG = """
            models:
              default: claude-sonnet-4.5
              catalog:
                - name: claude-sonnet-4.5
                  max-tokens: 65536
                - name: claude-sonnet-4
                  upstream-id: upstream-sonnet-4-id
                  max-tokens: 65536
            """;

    @TempDir
    Path dir;
    WireMockServer webui;
    int port;
    Path authFile;
    Path config;
    Path fakeClaude;

    @BeforeEach
    void setUp() throws Exception {
        webui = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        webui.start();
        webui.stubFor(post(urlEqualTo("/api/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"hi from upstream\"}}]}")));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        authFile = dir.resolve(".auth.env");
        config = dir.resolve("agent.yaml");
        Files.writeString(config, CATALOG);
        // Records its arguments, folder and environment, makes one Messages call like Claude Code, exits 7.
        fakeClaude = dir.resolve("claude");
        Files.writeString(fakeClaude, """
                #!/usr/bin/env bash
                out="$(dirname "$0")/claude.record"
                { echo "ARGS $*"; echo "PWD $(pwd)"; env | grep -E '^(ANTHROPIC|CLAUDE_CODE|DISABLE)_' ; } > "$out"
                curl -s -H "Authorization: Bearer $ANTHROPIC_AUTH_TOKEN" -H 'content-type: application/json' \\
                  "$ANTHROPIC_BASE_URL/v1/messages?beta=true" \\
                  -d "{\\"model\\":\\"$ANTHROPIC_MODEL\\",\\"max_tokens\\":10,\\"messages\\":[{\\"role\\":\\"user\\",\\"content\\":\\"hi\\"}]}" >> "$out"
                exit 7
                """);
        Files.setPosixFilePermissions(fakeClaude, PosixFilePermissions.fromString("rwx------"));
    }

    @AfterEach
    void tearDown() {
        // The background proxy outlives the command by design: stop it here. Its command line is
        // read from /proc: ProcessHandle.Info gives up on command lines as long as a test classpath.
        try (var pids = Files.list(Path.of("/proc"))) {
            pids.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    if (cmd.contains(Main.class.getName() + " serve ") && cmd.contains("--port " + port + " ")) {
                        ProcessHandle.of(Long.parseLong(p.getFileName().toString())).ifPresent(ProcessHandle::destroy);
                    }
                } catch (java.io.IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        webui.stop();
    }

    private CliRun claude(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("claude", "--config", config.toString(),
                "--upstream", webui.baseUrl(), "--port", String.valueOf(port), "--auth-file", authFile.toString(),
                "--claude-bin", fakeClaude.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void startsTheProxyWhenDownThenRunsClaudeInDirWithTheModelAndPassThroughArgs() throws Exception {
        Files.writeString(authFile, "export WEBUI_SESSION_TOKEN='tok'\n");
        Path project = Files.createDirectories(dir.resolve("project"));
        CliRun run = claude("-m", "claude-sonnet-4", project.toString(), "--", "-p", "say hi", "--verbose");

        assertEquals(7, run.exit(), "claude's exit code is returned: " + run.err());
        assertTrue(run.err().contains("Starting the proxy in the background"), run.err());
        String record = Files.readString(dir.resolve("claude.record"));
        assertTrue(record.contains("ARGS --model Claude Sonnet 4 -p say hi --verbose"), record);
        assertTrue(record.contains("PWD " + project.toRealPath()), record);
        assertTrue(record.contains("ANTHROPIC_BASE_URL=http://127.0.0.1:" + port), record);
        assertTrue(record.contains("ANTHROPIC_MODEL=Claude Sonnet 4\n"), "the display name, which the proxy maps back: " + record);
        assertTrue(record.contains("ANTHROPIC_DEFAULT_OPUS_MODEL=Claude Sonnet 4.5\n"), record);
        assertTrue(record.contains("CLAUDE_CODE_AUTO_COMPACT_WINDOW=200000\n"), record);
        assertTrue(record.contains("hi from upstream"), "the call went through the proxy: " + record);
        String upstreamBody = webui.findAll(postRequestedFor(urlEqualTo("/api/chat/completions"))).getFirst().getBodyAsString();
        assertTrue(upstreamBody.contains("\"model\":\"upstream-sonnet-4-id\""), upstreamBody);

        // A second run finds the proxy already serving and does not start another.
        CliRun again = claude("-m", "claude-sonnet-4", project.toString(), "--", "-p", "again");
        assertEquals(7, again.exit());
        assertFalse(again.err().contains("Starting the proxy"), again.err());
    }

    @Test
    void withoutATokenItSaysHowToSignInAndDoesNotStartClaude() {
        CliRun run = claude();
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("java -jar target/agent.jar login --config " + config), run.err());
        assertFalse(Files.exists(dir.resolve("claude.record")));
    }

    @Test
    void aModelNotInTheCatalogIsRefusedBeforeClaudeStarts() throws Exception {
        Files.writeString(authFile, "export WEBUI_SESSION_TOKEN='tok'\n");
        CliRun run = claude("-m", "claude-opus-4");
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("available: claude-sonnet-4.5, claude-sonnet-4"), run.err());
        assertFalse(Files.exists(dir.resolve("claude.record")));
    }

    @Test
    void aMissingClaudeSaysHowToInstallIt() throws Exception {
        Files.writeString(authFile, "export WEBUI_SESSION_TOKEN='tok'\n");
        CliRun run = CliRun.of("claude", "--auth-file", authFile.toString(), "--port", String.valueOf(port),
                "--claude-bin", dir.resolve("no-such-claude").toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("npm install -g @anthropic-ai/claude-code"), run.err());
    }
}
