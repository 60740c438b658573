package dev.claudeconnector.cli;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.claudeconnector.auth.fake.FakeIdp;
import dev.claudeconnector.auth.fake.FakeOpenWebUi;
import dev.claudeconnector.proxy.ClaudeCodeScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 10's day as a user lives it, with the packaged jar: the README's install step, then every
 * command by name through PATH, each from a different unrelated folder: {@code login} (a real window
 * under xvfb-run), {@code claude … -- -p} completing a tool task with the real Claude Code CLI,
 * {@code status} showing the running proxy, {@code stop}, {@code serve} on a taken port, and
 * {@code eval "$(claude-connector env)"; claude -p}. None of them writes into its folder.
 * Runs after {@code package} (./build verify), like InstallTest.
 */
class DailyFlowTest {
    private static final Path REPO = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void installedCommandFromAnyFolder() throws Exception {
        String packaged = System.getProperty("connector.packaged-jar");
        assumeTrue(packaged != null && Files.isRegularFile(Path.of(packaged)), "needs the packaged jar (./build verify)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/xvfb-run")), "needs xvfb-run");
        String claudeBin = onPath("claude");
        assumeTrue(claudeBin != null, "needs the Claude Code CLI");
        Path home = Files.createDirectories(tmp.resolve("home"));
        Map<String, String> env = env(home);
        // By its full path where this JVM starts it (ProcessBuilder looks in this JVM's PATH); by name in shells.
        String cc = home.resolve(".local/bin/claude-connector").toString();
        try (FakeIdp idp = FakeIdp.start(); FakeOpenWebUi owui = FakeOpenWebUi.start(idp)) {
            WireMockServer webui = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
            webui.start();
            try {
                int port = freePort();
                run(folder("install"), env, 300, "bash", REPO.resolve("install").toString(), "--jar", packaged).ok();
                Path config = Files.createDirectories(home.resolve(".config/claude-connector")).resolve("config.yaml");
                Files.writeString(config, "server:\n  port: " + port + "\nupstream:\n  url: " + webui.baseUrl()
                        + "\n  tls:\n    insecure: false\n");
                webui.stubFor(get(urlEqualTo("/api/config")).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json").withBody("{\"name\":\"Open WebUI\",\"version\":\"0.10.2\"}")));

                // login: a visible window on a virtual display, the person signs in there.
                idp.setPersonAtVisibleWindows(true);
                ProcessRun login = run(folder("login"), env, 120, "xvfb-run", "-a", cc, "login",
                        "--upstream", owui.baseUrl(), "--timeout", "90");
                login.ok();
                assertTrue(login.out().contains("Signed in as Ada Lovelace"), login.all());

                // claude: starts the background proxy, the real Claude Code completes a tool task in DIR.
                Path project = Files.createDirectories(tmp.resolve("project"));
                ClaudeCodeScript.writeTwoFiles(webui, project);
                ProcessRun claude = run(folder("claude"), env, 180, cc, "claude", "-m", "claude-sonnet-4",
                        project.toString(), "--", "-p", ClaudeCodeScript.PROMPT, "--allowedTools", "Write");
                claude.ok();
                assertTrue(claude.out().contains(ClaudeCodeScript.DONE), claude.all());
                assertEquals("alpha", Files.readString(project.resolve("alpha.txt")).strip());

                ProcessRun status = run(folder("status"), env, 60, cc, "status");
                assertTrue(status.out().contains("✓ proxy serving: claude-connector "), status.all());
                assertTrue(status.out().contains(":" + port + " → " + webui.baseUrl() + "; log: "), status.all());

                ProcessRun stop = run(folder("stop"), env, 60, cc, "stop");
                stop.ok();
                try (ServerSocket free = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
                    assertTrue(free.isBound(), "the port is free once stop returns");
                    ProcessRun taken = run(folder("serve"), env, 30, cc, "serve");
                    assertEquals(1, taken.exit(), taken.all());
                    assertTrue(taken.err().strip().startsWith("error: port " + port + " on 127.0.0.1 is in use by another program"),
                            taken.all());
                }

                // eval "$(claude-connector env)"; claude -p …: env starts the proxy again.
                ProcessRun plain = run(folder("env"), env, 180, "bash", "-c", "eval \"$(claude-connector env --shell bash)\""
                        + " && claude -p 'say ok' --output-format text");
                plain.ok();
                assertTrue(plain.out().contains("ok"), plain.all());
                run(folder("stop-again"), env, 60, cc, "stop").ok();

                try (Stream<Path> folders = Files.list(tmp.resolve("cwd"))) {
                    for (Path f : folders.toList()) {
                        try (Stream<Path> inside = Files.list(f)) {
                            assertEquals(List.of(), inside.toList(), "nothing written into " + f);
                        }
                    }
                }
            } finally {
                run(tmp, env, 60, cc, "stop", "--now");
                webui.stop();
            }
        }
    }

    private Path folder(String name) throws Exception {
        return Files.createDirectories(tmp.resolve("cwd").resolve(name));
    }

    private static Map<String, String> env(Path home) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("XDG_") || k.startsWith("CLAUDE") || k.startsWith("ANTHROPIC_")
                || k.equals("JAVA_HOME") || k.equals("DISPLAY") || k.equals("WAYLAND_DISPLAY"));
        env.put("HOME", home.toString());
        env.put("PATH", home.resolve(".local/bin") + File.pathSeparator + System.getenv("PATH"));
        return env;
    }


    private ProcessRun run(Path dir, Map<String, String> env, long seconds, String... command) throws Exception {
        return ProcessRun.of(tmp, dir, env, seconds, command);
    }

    private static String onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, name))) {
                return Path.of(d, name).toString();
            }
        }
        return null;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
