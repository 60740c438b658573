package dev.claudeconnector.proxy;

import dev.claudeconnector.auth.Credentials;
import dev.claudeconnector.auth.SessionRenewer;
import dev.claudeconnector.auth.SsoFixture;
import dev.claudeconnector.auth.TokenRefresher;
import dev.claudeconnector.auth.fake.FakeOpenWebUi;
import dev.claudeconnector.config.Settings;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code serve} with the real renewal path: a headless Chromium renews the token through the fake
 * IdP while Claude-style requests keep coming; no request sees an auth error.
 */
class TokenRenewalTest {
    private static final String REQUEST = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":%s,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi %d\"}]}";

    @TempDir
    Path dir;

    private record Proxy(WebServer server, TokenRefresher refresher, String key) implements AutoCloseable {
        String url() {
            return "http://127.0.0.1:" + server.port() + "/v1/messages?beta=true";
        }

        @Override
        public void close() {
            server.stop();
        }
    }

    private static Proxy serve(SsoFixture sso) throws Exception {
        Settings settings = sso.settings();
        Credentials credentials = sso.credentials();
        String key = credentials.ensureLocalKey();
        SessionRenewer renewer = sso.renewer(credentials);
        TokenRefresher refresher = new TokenRefresher(credentials, renewer::refresh, Clock.systemUTC(),
                settings.auth().retryAfterFailure());
        return new Proxy(ProxyServer.start(settings, credentials, Optional.of(refresher), "test"), refresher, key);
    }

    private static void signIn(SsoFixture sso) {
        sso.idp.setAutoSubmit(true);
        sso.renewer(sso.credentials()).login(true, Duration.ofSeconds(60));
        sso.idp.setAutoSubmit(false); // from here on nobody is at the keyboard
    }

    private static HttpResponse<String> call(Proxy proxy, int i) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(proxy.url()))
                .header("Authorization", "Bearer " + proxy.key()).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(REQUEST.formatted(i % 2 == 0, i))).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void sixteenConcurrentRequestsAcrossATokenExpiryAllSucceedWithOneRenewal() throws Exception {
        try (SsoFixture sso = new SsoFixture(dir, ""); Proxy proxy = serve(sso)) {
            signIn(sso);
            String before = sso.savedToken();
            assertEquals(200, call(proxy, 0).statusCode());
            sso.webui.setCompletionDelay(Duration.ofMillis(300));
            sso.webui.expireAll(); // the session token expires under a running Claude session

            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 1; i <= 16; i++) {
                int n = i;
                answers.add(pool.submit(() -> call(proxy, n)));
            }
            for (Future<HttpResponse<String>> a : answers) {
                HttpResponse<String> res = a.get();
                assertEquals(200, res.statusCode(), res.body());
                assertTrue(res.body().contains("hello") && !res.body().contains("\"type\":\"error\""), res.body());
            }
            pool.shutdown();

            assertEquals(1, proxy.refresher().renewals(), "exactly one renewal");
            assertEquals(1, sso.idp.silentAuthorizeCount(), "one headless SSO round trip");
            String after = sso.savedToken();
            assertNotEquals(before, after);
            assertTrue(sso.webui.isValid(after), "the auth file holds the new, working token");
            assertEquals(17, sso.webui.acceptedCompletions());
        }
    }

    @Test
    void aHandEditOfTheAuthFileIsPickedUp() throws Exception {
        try (SsoFixture sso = new SsoFixture(dir, ""); Proxy proxy = serve(sso)) {
            String minted = sso.webui.mintToken(Duration.ofHours(1));
            Files.writeString(sso.authFile, Files.readString(sso.authFile) + "export WEBUI_SESSION_TOKEN='" + minted + "'\n");
            assertEquals(200, call(proxy, 2).statusCode());
            List<FakeOpenWebUi.Request> completions = sso.webui.requestsTo("/api/chat/completions");
            assertEquals("Bearer " + minted, completions.getLast().authorization());
            assertEquals(0, proxy.refresher().renewals());
        }
    }

    @Test
    void aTokenNearItsExpiryIsRenewedInTheBackground() throws Exception {
        try (SsoFixture sso = new SsoFixture(dir, "  refresh-ahead: PT10M\n")) {
            signIn(sso);
            String soonExpiring = sso.webui.mintToken(Duration.ofMinutes(5));
            sso.credentials().storeToken(soonExpiring);
            try (Proxy proxy = serve(sso)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (sso.savedToken().equals(soonExpiring) && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertNotEquals(soonExpiring, sso.savedToken(), "renewed before anything failed");
                assertTrue(sso.webui.isValid(sso.savedToken()));
                assertEquals(0, sso.webui.rejectedCompletions());
                assertEquals(1, proxy.refresher().renewals());
            }
        }
    }

    @Test
    void aFailedRenewalAnswersAuthenticationErrorAndFailsFastAfterwards() throws Exception {
        try (SsoFixture sso = new SsoFixture(dir, ""); Proxy proxy = serve(sso)) {
            signIn(sso);
            sso.idp.endAllSessions();
            sso.webui.expireAll();
            HttpResponse<String> first = call(proxy, 1);
            assertEquals(401, first.statusCode());
            assertTrue(first.body().contains("authentication_error") && first.body().contains("login"), first.body());
            long start = System.nanoTime();
            HttpResponse<String> second = call(proxy, 3);
            assertEquals(401, second.statusCode());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 1000, "no second browser within the minute");
            assertEquals(1, proxy.refresher().renewals());
        }
    }
}
