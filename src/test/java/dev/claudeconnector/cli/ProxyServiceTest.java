package dev.claudeconnector.cli;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.claudeconnector.config.UserHome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The background proxy as a managed service: {@code serve} refuses a taken port at once and names
 * the holder; {@code env} starts a proxy when none runs; {@code status} shows its pid, uptime and
 * log; {@code stop} frees the port; {@code claude} replaces a proxy of another build.
 */
class ProxyServiceTest {
    @TempDir
    Path dir;
    WireMockServer webui;
    int port;
    Path home;
    List<Process> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        webui = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        webui.start();
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        home = dir.resolve("home");
        Files.createDirectories(UserHome.in(home).config());
        Files.writeString(UserHome.in(home).configFile(), "upstream:\n  url: " + webui.baseUrl() + "\n  tls:\n    insecure: false\n");
        Files.writeString(UserHome.in(home).authFile(), "export WEBUI_SESSION_TOKEN='tok'\n");
    }

    @AfterEach
    void tearDown() {
        CliRun.of("stop", "--now", "--port", String.valueOf(port));
        started.forEach(Process::destroyForcibly);
        webui.stop();
    }

    /** A command in its own JVM, as the user runs it, with the per-user home in the temp folder. */
    private Process run(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (args[0].startsWith("-D")) {
            command.add(args[0]);
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put(UserHome.ENV_HOME, home.toString());
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private CliRun cli(String... args) {
        // In-process commands read the home from the environment: point them at the same one through flags.
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--port", String.valueOf(port), "--config", UserHome.in(home).configFile().toString(),
                "--auth-file", UserHome.in(home).authFile().toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    void serveOnATakenPortExitsAtOnceNamingTheHolder() throws Exception {
        try (ServerSocket other = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
            Path log = dir.resolve("serve.log");
            Process serve = run(log, "serve", "--port", String.valueOf(port));
            assertTrue(serve.waitFor(10, TimeUnit.SECONDS), "serve exits instead of staying up");
            assertEquals(1, serve.exitValue());
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            assertEquals(1, lines.size(), "one line: " + lines);
            assertTrue(lines.getFirst().startsWith("error: port " + port + " on 127.0.0.1 is in use by another program"), lines.getFirst());
        }
    }

    @Test
    void startedByEnvShownByStatusStoppedByStop() throws Exception {
        Path log = dir.resolve("env.log");
        Process env = run(log, "env", "--shell", "bash", "--port", String.valueOf(port));
        assertTrue(env.waitFor(60, TimeUnit.SECONDS));
        String out = Files.readString(log);
        assertEquals(0, env.exitValue(), out);
        assertTrue(out.contains("Starting the proxy in the background on http://127.0.0.1:" + port), out);
        LocalProxy.Health health = waitForProxy();
        Path pidFile = UserHome.in(home).pidFile(port);
        assertTrue(Files.exists(pidFile), "pid file written");
        assertEquals(health.pid(), PidFile.read(pidFile).orElseThrow().pid());

        CliRun status = cli("status");
        assertTrue(status.out().contains("✓ proxy serving: claude-connector dev (pid " + health.pid() + ", up "), status.out());
        assertTrue(status.out().contains("; log: " + UserHome.in(home).serveLog(port)), status.out());

        Process second = run(dir.resolve("serve2.log"), "serve", "--port", String.valueOf(port));
        assertTrue(second.waitFor(10, TimeUnit.SECONDS));
        assertTrue(Files.readString(dir.resolve("serve2.log")).contains("is in use by claude-connector dev (pid "
                + health.pid() + "): stop it with"), Files.readString(dir.resolve("serve2.log")));

        CliRun stop = cli("stop");
        assertEquals(0, stop.exit(), stop.err());
        assertTrue(stop.out().contains("Stopped the proxy on http://127.0.0.1:" + port + " (pid " + health.pid() + ")"), stop.out());
        try (ServerSocket free = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
            assertTrue(free.isBound(), "the port is free once stop returns");
        }
        assertFalse(Files.exists(pidFile), "pid file removed");
        assertTrue(cli("stop").out().contains("No proxy is running"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".log") && !n.equals("home")).toList(), "nothing written where the commands ran");
        }
    }

    @Test
    void claudeReplacesAProxyOfAnotherBuild() throws Exception {
        run(dir.resolve("old.log"), "-Dconnector.build=older-build", "serve", "--port", String.valueOf(port));
        LocalProxy.Health old = waitForProxy();
        assertEquals("older-build", old.build());
        Path fakeClaude = dir.resolve("claude");
        Files.writeString(fakeClaude, "#!/usr/bin/env bash\nexit 0\n");
        Files.setPosixFilePermissions(fakeClaude, PosixFilePermissions.fromString("rwx------"));

        CliRun claude = cli("claude", "--claude-bin", fakeClaude.toString());
        assertEquals(0, claude.exit(), claude.err());
        assertTrue(claude.err().contains("is from another build of claude-connector; replacing it"), claude.err());
        LocalProxy.Health now = waitForProxy();
        assertNotEquals(old.pid(), now.pid());
        assertEquals("dev", now.build());
    }

    private LocalProxy.Health waitForProxy() throws InterruptedException {
        var settings = dev.claudeconnector.config.SettingsLoader.load(dev.claudeconnector.config.Overrides.of(
                null, null, port, webui.baseUrl(), null, null), java.util.Map.of(), home);
        for (int i = 0; i < 200; i++) {
            var health = LocalProxy.health(settings);
            if (health.isPresent()) {
                return health.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no proxy on port " + port);
    }
}
