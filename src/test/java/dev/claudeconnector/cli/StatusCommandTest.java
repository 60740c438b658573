package dev.claudeconnector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.claudeconnector.auth.AuthFile;
import dev.claudeconnector.auth.Credentials;
import dev.claudeconnector.auth.ProfileFolder;
import dev.claudeconnector.auth.SignInWindow;
import dev.claudeconnector.auth.TokenRefresher;
import dev.claudeconnector.config.Overrides;
import dev.claudeconnector.config.Settings;
import dev.claudeconnector.config.SettingsLoader;
import dev.claudeconnector.proxy.ProxyServer;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code status} against WireMock standing in for Open WebUI, and a real proxy for the "serving" check. */
class StatusCommandTest {
    private static final Instant EXPIRY = Instant.now().plus(Duration.ofHours(2)).plusSeconds(30);
    private static final String TOKEN = jwt(EXPIRY);

    @TempDir
    Path dir;
    private WireMockServer webui;
    private WebServer proxy;
    private Path authFile;
    private Path profile;

    @BeforeEach
    void openWebUi() throws IOException {
        webui = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        webui.start();
        actAsOpenWebUi(webui);
        authFile = dir.resolve(".auth.env");
        profile = Files.createDirectories(dir.resolve("profile"));
    }

    private static void actAsOpenWebUi(WireMockServer webui) {
        webui.stubFor(get(urlEqualTo("/api/config")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"status\":true,\"name\":\"Open WebUI\",\"version\":\"0.6.5\"}")));
        webui.stubFor(get(urlEqualTo("/api/v1/auths/")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"u1\",\"name\":\"Ada Lovelace\",\"email\":\"ada@example.org\",\"expires_at\":"
                                + EXPIRY.getEpochSecond() + "}")));
        webui.stubFor(get(urlEqualTo("/api/v1/auths/")).atPriority(2)
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"detail\":\"401 Unauthorized\"}")));
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.stop();
        }
        webui.stop();
    }

    @Test
    void allWellExitsZeroAndSaysWhoIsSignedIn() throws IOException {
        signedIn(TOKEN);
        startProxy();
        CliRun run = status("--port", String.valueOf(proxy.port()));

        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().contains("✓ config loaded: "), run.out());
        assertTrue(run.out().contains("✓ upstream reachable: " + upstream() + " (HTTP 200, no TLS, Open WebUI 0.6.5)"), run.out());
        assertTrue(run.out().contains("✓ token present: in " + authFile + "; expires at "
                + Instant.ofEpochSecond(EXPIRY.getEpochSecond()) + " (in 2 h 0 min)"), run.out());
        assertTrue(run.out().contains("✓ token accepted by Open WebUI: signed in as Ada Lovelace <ada@example.org>"), run.out());
        assertTrue(run.out().contains("✓ browser profile present: " + profile + " (login done)"), run.out());
        assertTrue(withoutPid(run.out()).contains("✓ proxy serving: claude-connector test on http://127.0.0.1:" + proxy.port()
                + " → " + upstream()), run.out());
        assertTrue(run.out().contains("Ready: everything needed works"), run.out());
        assertFalse(run.out().contains(TOKEN) || run.err().contains(TOKEN), "the token must never be printed");
    }

    @Test
    void theTokenIsNeverPrintedEvenAtDebugLevel() throws IOException {
        signedIn(TOKEN);
        CliRun accepted = status("--port", String.valueOf(freePort()), "--log-level", "FINE", "--json");
        String wrong = jwt(EXPIRY.plusSeconds(60));
        signedIn(wrong);
        CliRun rejected = status("--port", String.valueOf(freePort()), "--log-level", "FINE");

        assertEquals(0, accepted.exit(), accepted.out());
        assertEquals(1, rejected.exit(), rejected.out());
        assertFalse(accepted.err().isEmpty(), "debug logging was on");
        for (String printed : List.of(accepted.out(), accepted.err(), rejected.out(), rejected.err())) {
            assertFalse(printed.contains(TOKEN) || printed.contains(wrong), printed);
            assertFalse(printed.contains(TOKEN.split("\\.")[1]), "not even the token's payload: " + printed);
        }
    }

    @Test
    void missingTokenExitsOneWithLoginAdvice() {
        CliRun run = status("--port", String.valueOf(freePort()));

        assertEquals(1, run.exit(), run.out());
        assertTrue(run.out().contains("✗ token present: no WEBUI_SESSION_TOKEN in " + authFile + " or the environment\n"
                + "  → Sign in with 'java -jar target/agent.jar login'"), run.out());
        assertTrue(run.out().contains("✗ token accepted by Open WebUI: not checked (no token)"), run.out());
        assertTrue(run.out().contains("Not ready: token present, token accepted by Open WebUI."), run.out());
    }

    @Test
    void rejectedTokenExitsOneAndSuggestsRefreshWhenAProfileExists() throws IOException {
        signedIn(jwt(Instant.now().minus(Duration.ofMinutes(5))));
        CliRun run = status("--port", String.valueOf(freePort()));

        assertEquals(1, run.exit(), run.out());
        assertTrue(run.out().contains("; expired at "), run.out());
        assertTrue(run.out().contains("(5 min ago)"), run.out());
        assertTrue(run.out().contains("✗ token accepted by Open WebUI: rejected (401 Unauthorized)\n"
                + "  → run 'java -jar target/agent.jar refresh'"), run.out());
    }

    @Test
    void aPendingAccountIsNotReadyAndNamesTheAdministrator() throws IOException {
        // routers/auths.py answers a pending user (whose chats get 401 ACCESS_PROHIBITED) with its role
        webui.stubFor(get(urlEqualTo("/api/v1/auths/")).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"u1\",\"name\":\"Ada Lovelace\",\"email\":\"ada@example.org\",\"role\":\"pending\"}")));
        signedIn(TOKEN);
        CliRun run = status("--port", String.valueOf(freePort()));

        assertEquals(1, run.exit(), run.out());
        assertTrue(run.out().contains("✗ token accepted by Open WebUI: signed in as Ada Lovelace <ada@example.org>,"
                + " but the account is pending\n  → ask an Open WebUI administrator to activate your account"), run.out());
    }

    @Test
    void upstreamDownExitsOneNamingTheUrlAndQuickly() throws IOException {
        signedIn(TOKEN);
        String down = "http://127.0.0.1:" + freePort();
        long start = System.nanoTime();
        CliRun run = status("--upstream", down, "--port", String.valueOf(freePort()));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(1, run.exit(), run.out());
        assertTrue(run.out().contains("✗ upstream reachable: cannot connect to " + down), run.out());
        assertTrue(run.out().contains("  → check the URL (upstream.url, WEBUI_URL or --upstream), your network and VPN"), run.out());
        assertTrue(run.out().contains("✗ token accepted by Open WebUI: not checked (upstream not reachable)\n✓"), run.out());
        assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "took " + took);
    }

    @Test
    void hangingUpstreamIsReportedWithinSeconds() throws IOException {
        signedIn(TOKEN);
        // The kernel completes the connection (backlog), nobody ever answers: the worst case for a probe.
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String hanging = "http://127.0.0.1:" + silent.getLocalPort();
            long start = System.nanoTime();
            CliRun run = status("--upstream", hanging, "--port", String.valueOf(freePort()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(1, run.exit(), run.out());
            assertTrue(run.out().contains("✗ upstream reachable: no answer from " + hanging + " within 5 s"), run.out());
            assertTrue(run.out().contains("✗ token accepted by Open WebUI: not checked (upstream not reachable)"), run.out());
            assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "took " + took);
        }
    }

    @Test
    void untrustedCertificateIsATlsFailureWithTheTlsSettingsAsAdvice() throws IOException {
        signedIn(TOKEN);
        WireMockServer https = httpsOpenWebUi();
        try {
            Path verify = Files.writeString(dir.resolve("verify.yaml"), "upstream:\n  tls:\n    insecure: false\n");
            String url = "https://127.0.0.1:" + https.httpsPort();
            CliRun run = status("--upstream", url, "--config", verify.toString(), "--port", String.valueOf(freePort()));

            assertEquals(1, run.exit(), run.out());
            assertTrue(run.out().contains("✗ upstream reachable: " + url
                    + " (TLS handshake failed: the server's certificate is not trusted)"), run.out());
            assertTrue(run.out().contains("  → trust the server's CA with upstream.tls.ca-file: /path/ca.pem in your config,"
                    + " or, for an internal server you trust, set upstream.tls.insecure: true"), run.out());
        } finally {
            https.stop();
        }
    }

    @Test
    void insecureTlsWorksAndSaysItIsNotVerified() throws IOException {
        signedIn(TOKEN);
        WireMockServer https = httpsOpenWebUi();
        try {
            Path insecure = Files.writeString(dir.resolve("insecure.yaml"), "upstream:\n  tls:\n    insecure: true\n");
            String url = "https://127.0.0.1:" + https.httpsPort();
            CliRun run = status("--upstream", url, "--config", insecure.toString(), "--port", String.valueOf(freePort()));

            assertEquals(0, run.exit(), run.out());
            assertTrue(run.out().contains("✓ config loaded: " + insecure + " > "), run.out());
            assertTrue(run.out().contains("✓ upstream reachable: " + url
                    + " (HTTP 200, TLS not verified: upstream.tls.insecure, Open WebUI 0.6.5)"), run.out());
            assertTrue(run.out().contains("✓ token accepted by Open WebUI: signed in as Ada Lovelace <ada@example.org>"), run.out());
        } finally {
            https.stop();
        }
    }

    @Test
    void proxyForwardingElsewhereIsReportedButNotNeeded() throws IOException {
        signedIn(TOKEN);
        String elsewhere = "http://127.0.0.1:" + freePort();
        startProxy(elsewhere);
        CliRun run = status("--port", String.valueOf(proxy.port()));

        assertEquals(0, run.exit(), run.out());
        assertTrue(withoutPid(run.out()).contains("✗ proxy serving (optional): claude-connector test on http://127.0.0.1:" + proxy.port()
                + " → " + elsewhere + ", not " + upstream() + "\n  → restart it with these settings"), run.out());
    }

    @Test
    void aSignInWindowWaitingForThePersonIsShown() throws Exception {
        signedIn(TOKEN);
        Settings settings = SettingsLoader.load(Overrides.of(null, "127.0.0.1", 0, upstream(), authFile, null), Map.of(), dir);
        SignInWindow window = SignInWindow.of(settings.auth(), Map.of("DISPLAY", ":0"), "Linux", java.time.Clock.systemUTC());
        Credentials credentials = new Credentials(new AuthFile(authFile), Map.of());
        TokenRefresher refresher = new TokenRefresher(credentials, () -> {
            throw new IllegalStateException("not renewed in this test");
        }, java.time.Clock.systemUTC(), Duration.ofMinutes(1), Optional.of(window));
        proxy = ProxyServer.start(settings, credentials, Optional.of(refresher), "test");
        java.util.concurrent.CountDownLatch signedIn = new java.util.concurrent.CountDownLatch(1);
        Thread person = Thread.ofVirtual().start(() -> window.whileOpen("test", () -> {
            try {
                return signedIn.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return false;
            }
        }));
        try {
            while (window.openSince().isEmpty()) {
                Thread.sleep(10);
            }
            CliRun run = status("--port", String.valueOf(proxy.port()));
            assertTrue(withoutPid(run.out()).contains("✗ proxy serving (optional): claude-connector test on http://127.0.0.1:"
                    + proxy.port() + " → " + upstream() + "; a sign-in window has been waiting for you since "), run.out());
            assertTrue(run.out().contains("→ finish signing in in the browser window the proxy opened"), run.out());
        } finally {
            signedIn.countDown();
            person.join();
        }
        assertTrue(status("--port", String.valueOf(proxy.port())).out().contains("✓ proxy serving"));
    }

    @Test
    void proxyNotRunningIsReportedButNotNeeded() throws IOException {
        signedIn(TOKEN);
        int port = freePort();
        CliRun run = status("--port", String.valueOf(port));

        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().contains("✗ proxy serving (optional): nothing listens on http://127.0.0.1:" + port + "\n"
                + "  → start it: 'java -jar target/agent.jar serve'"), run.out());
    }

    @Test
    void anotherProgramOnTheProxyPortIsNeeded() throws IOException {
        signedIn(TOKEN);
        CliRun run = status("--port", String.valueOf(webui.port())); // WireMock answers, but not as a proxy

        assertEquals(1, run.exit(), run.out());
        assertTrue(run.out().contains("✗ proxy serving: http://127.0.0.1:" + webui.port()
                + " answers, but not as claude-connector (HTTP 404)\n  → stop that program"), run.out());
    }

    @Test
    void emptyProfileIsOptionalAdvice() throws IOException {
        signedIn(TOKEN);
        Path empty = Files.createDirectories(dir.resolve("empty-profile"));
        CliRun run = status("--port", String.valueOf(freePort()), "--profile", empty.toString());

        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().contains("✗ browser profile present (optional): " + empty + " is empty (login not done yet)\n"
                + "  → run 'java -jar target/agent.jar login' once"), run.out());
    }

    @Test
    void unreadableConfigIsTheOnlyCheck() {
        CliRun run = status("--config", dir.resolve("missing.yaml").toString());

        assertEquals(1, run.exit(), run.out());
        assertTrue(run.out().startsWith("✗ config loaded: --config " + dir.resolve("missing.yaml") + ": no such file\n"), run.out());
    }

    @Test
    void jsonHasEveryCheckWithItsFields() throws IOException {
        signedIn(TOKEN);
        startProxy();
        CliRun run = status("--port", String.valueOf(proxy.port()), "--json");

        assertEquals(0, run.exit(), run.out());
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertTrue(root.get("ok").asBoolean());
        List<String> names = new ArrayList<>();
        for (JsonNode check : root.get("checks")) {
            names.add(check.get("name").asText());
            assertTrue(check.has("ok") && check.has("needed") && check.has("detail") && check.has("advice"), check.toString());
            assertEquals(check.get("ok").asBoolean(), check.get("advice").isNull(), check.toString());
        }
        assertEquals(List.of("config loaded", "upstream reachable", "token present", "token accepted by Open WebUI",
                "browser profile present", "browser found", "proxy serving", "claude found"), names);
        JsonNode accepted = root.get("checks").get(3);
        assertTrue(accepted.get("needed").asBoolean());
        assertEquals("signed in as Ada Lovelace <ada@example.org>", accepted.get("detail").asText());
    }

    @Test
    void jsonSaysNotOkWhenTheTokenIsRejected() throws IOException {
        signedIn("not-a-jwt");
        CliRun run = status("--port", String.valueOf(freePort()), "--json");

        assertEquals(1, run.exit(), run.out());
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertFalse(root.get("ok").asBoolean());
        JsonNode accepted = root.get("checks").get(3);
        assertFalse(accepted.get("ok").asBoolean());
        assertEquals("rejected (401 Unauthorized)", accepted.get("detail").asText());
        assertTrue(accepted.get("advice").asText().contains("refresh"), accepted.toString());
    }

    // --- helpers ---

    /** The proxy line without its "(pid N, up T) " part, which changes from run to run. */
    private static String withoutPid(String out) {
        assertTrue(out.contains("(pid " + ProcessHandle.current().pid() + ", up ") || !out.contains("proxy serving: claude"), out);
        return out.replaceAll(" \\(pid \\d+, up [^)]*\\)", "");
    }

    /** Runs {@code status} with the test's upstream, auth file and profile unless {@code flags} name others. */
    private CliRun status(String... flags) {
        List<String> given = List.of(flags);
        List<String> args = new ArrayList<>(List.of("status"));
        args.addAll(given);
        Map.of("--upstream", upstream(), "--auth-file", authFile.toString(), "--profile", profile.toString())
                .forEach((flag, value) -> {
                    if (!given.contains(flag)) {
                        args.addAll(List.of(flag, value));
                    }
                });
        CliRun run = CliRun.of(args.toArray(String[]::new));
        System.out.print(run.out()); // visible in the surefire report
        return run;
    }

    private String upstream() {
        return "http://127.0.0.1:" + webui.port();
    }

    /** The token in the auth file and a non-empty profile, as after a successful login. */
    private void signedIn(String token) throws IOException {
        new AuthFile(authFile).put(Credentials.TOKEN_VAR, token);
        Files.writeString(profile.resolve("Local State"), "{}");
        Files.writeString(profile.resolve(ProfileFolder.SIGNED_IN), Instant.now() + "\n"); // what a sign-in leaves
    }

    /** Open WebUI over HTTPS with WireMock's own self-signed certificate (trusted by nobody). */
    private static WireMockServer httpsOpenWebUi() {
        WireMockServer https = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
                .httpDisabled(true).dynamicHttpsPort());
        https.start();
        actAsOpenWebUi(https);
        return https;
    }

    private void startProxy() {
        startProxy(upstream());
    }

    private void startProxy(String upstream) {
        Settings settings = SettingsLoader.load(Overrides.of(null, "127.0.0.1", 0, upstream, authFile, null),
                Map.of(), dir);
        proxy = ProxyServer.start(settings, new Credentials(new AuthFile(authFile), Map.of()), Optional.empty(), "test");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned-for-real JWT: Open WebUI (WireMock here) is the only one that checks the signature. */
    private static String jwt(Instant exp) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"id\":\"u1\",\"exp\":" + exp.getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + b64.encodeToString("signature".getBytes(StandardCharsets.UTF_8));
    }
}
