package dev.claudeconnector.auth;

import dev.claudeconnector.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sign-in window of {@code serve}, as a user meets it: {@code serve} runs in its own JVM; the
 * SSO session has ended and the token is revoked; Claude Code's requests arrive. With a desktop
 * (a virtual display, {@code xvfb-run}) one real, headed window opens, the person signs in there
 * (the fake IdP fills the form in visible browsers only), and the held requests are answered.
 * Without a display the requests fail fast with the login advice and no window opens.
 */
class SignInWindowTest {
    static final String REQUEST = "{\"model\":\"claude-sonnet-4\",\"max_tokens\":50,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String STREAM_REQUEST = REQUEST.replace("\"max_tokens\":50,", "\"max_tokens\":50,\"stream\":true,");

    @TempDir
    Path dir;

    /** Signed in once; then the IdP session ends and Open WebUI refuses the token. */
    private static void sessionEnded(SsoFixture sso) {
        sso.idp.setAutoSubmit(true);
        assertEquals(0, CliRun.of(sso.flags("login", "--headless", "--timeout", "60")).exit());
        sso.idp.setAutoSubmit(false);
        sso.idp.endAllSessions();
        sso.webui.revokeAll();
        sso.idp.setPersonAtVisibleWindows(true);
    }

    private static Process serve(SsoFixture sso, int port, Path log, boolean display) throws IOException {
        List<String> command = new ArrayList<>();
        if (display) {
            command.addAll(List.of("xvfb-run", "-a"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.claudeconnector.cli.Main"));
        command.addAll(List.of(sso.flags("serve", "--port", String.valueOf(port))));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        return pb.start();
    }

    private static HttpResponse<String> post(HttpClient http, int port, String key, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/messages"))
                    .timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + key)
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for serve's health, then returns the local key it saved to the auth file. */
    private static String ready(HttpClient http, int port, Process serve, Path log, SsoFixture sso) throws Exception {
        for (int i = 0; i < 150; i++) {
            assertTrue(serve.isAlive(), () -> "serve exited: " + read(log));
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return new AuthFile(sso.authFile).read().get(Credentials.LOCAL_KEY_VAR);
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("serve did not start: " + read(log));
    }

    @Test
    void aHeadedWindowOnTheDesktopLetsHeldRequestsFinish() throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/xvfb-run")), "needs xvfb-run (apt-get install xvfb); .ci/run installs it");
        try (SsoFixture sso = new SsoFixture(dir, "  interactive-timeout: PT90S\nserver:\n  ping-interval: PT0.5S\n");
             HttpClient http = HttpClient.newHttpClient()) {
            sessionEnded(sso);
            int port = freePort();
            Path log = dir.resolve("serve.log");
            Process serve = serve(sso, port, log, true);
            try {
                String key = ready(http, port, serve, log, sso);
                int agentsBefore = sso.idp.userAgents().size();
                int loginsBefore = sso.idp.loginCount();
                CompletableFuture<HttpResponse<String>> stream = CompletableFuture.supplyAsync(() -> post(http, port, key, STREAM_REQUEST));
                CompletableFuture<HttpResponse<String>> whole = CompletableFuture.supplyAsync(() -> post(http, port, key, REQUEST));

                HttpResponse<String> streamed = stream.get(150, TimeUnit.SECONDS);
                HttpResponse<String> answered = whole.get(150, TimeUnit.SECONDS);
                String serveLog = read(log);
                assertEquals(200, answered.statusCode(), answered.body() + "\n" + serveLog);
                assertTrue(answered.body().contains("hello from fake webui"), answered.body());
                assertEquals(200, streamed.statusCode(), serveLog);
                assertTrue(streamed.body().contains("event: ping"), "kept alive while held: " + streamed.body());
                assertTrue(streamed.body().contains("event: message_stop"), streamed.body());
                assertTrue(serveLog.contains(SignInWindow.OPENED), serveLog);

                List<String> agents = sso.idp.userAgents().subList(agentsBefore, sso.idp.userAgents().size());
                assertTrue(agents.getFirst().contains("HeadlessChrome"), "headless renewal first: " + agents);
                assertFalse(agents.getLast().contains("HeadlessChrome"), "then a real, headed window: " + agents);
                assertEquals(1, sso.idp.loginCount() - loginsBefore, "one sign-in, in one window");
                assertEquals(1, serveLog.split(SignInWindow.OPENED, -1).length - 1, serveLog);
                assertTrue(sso.webui.isValid(sso.savedToken()), "the new token is saved");
            } finally {
                serve.descendants().forEach(ProcessHandle::destroy); // xvfb-run's java, not only the script
                serve.destroy();
                serve.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void withoutADisplayHeldRequestsFailFastWithTheLoginAdvice() throws Exception {
        try (SsoFixture sso = new SsoFixture(dir, "");
             HttpClient http = HttpClient.newHttpClient()) {
            sessionEnded(sso);
            int port = freePort();
            Path log = dir.resolve("serve.log");
            Process serve = serve(sso, port, log, false);
            try {
                String key = ready(http, port, serve, log, sso);
                HttpResponse<String> res = post(http, port, key, REQUEST);
                assertEquals(401, res.statusCode(), res.body());
                assertTrue(res.body().contains("authentication_error") && res.body().contains("login"), res.body());
                HttpResponse<String> again = post(http, port, key, STREAM_REQUEST);
                assertEquals(401, again.statusCode(), again.body());
                assertFalse(read(log).contains(SignInWindow.OPENED), read(log));
                assertTrue(sso.idp.userAgents().stream().allMatch(a -> a.contains("HeadlessChrome")),
                        "no window: " + sso.idp.userAgents());
            } finally {
                serve.descendants().forEach(ProcessHandle::destroy); // xvfb-run's java, not only the script
                serve.destroy();
                serve.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
