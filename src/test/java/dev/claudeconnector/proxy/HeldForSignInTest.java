package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudeconnector.auth.SignInException;
import dev.claudeconnector.auth.SignInWindow;
import dev.claudeconnector.config.AuthSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests that arrive while a person signs in in a visible window are held: a stream is started
 * and kept alive with pings, a whole answer waits; both are replayed once with the new token. The
 * window itself (a real Chromium) is tested in auth.SignInWindowTest; here the sign-in is a stand-in
 * that takes a few seconds inside {@link SignInWindow#whileOpen}.
 */
class HeldForSignInTest {
    static final String FAST_PINGS = "server:\n  ping-interval: PT0.3S\n";
    static final String REQUEST = UpstreamErrorMappingTest.REQUEST;
    static final String STREAM_REQUEST = UpstreamErrorMappingTest.STREAM_REQUEST;
    static final Duration SIGN_IN_TAKES = Duration.ofMillis(2500);

    @TempDir
    Path dir;

    static SignInWindow window() {
        AuthSettings auth = new AuthSettings(Path.of("p"), Optional.empty(), Optional.empty(), Optional.empty(),
                Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMinutes(1), true,
                Duration.ofMinutes(5));
        return SignInWindow.of(auth, Map.of("DISPLAY", ":99"), "Linux", Clock.systemUTC());
    }

    private static void upstreamAcceptsOnly(ProxyHarness h, String token) {
        h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).atPriority(2)
                .willReturn(OpenWebUiVersion.V0_10_2.tokenRejected()));
        h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + token)).withRequestBody(
                        com.github.tomakehurst.wiremock.client.WireMock.containing("\"stream\":true"))
                .willReturn(OpenWebUiVersion.sse(OpenWebUiVersion.V0_10_2.stream("Signed ", "in."))));
        h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + token)).withRequestBody(
                        com.github.tomakehurst.wiremock.client.WireMock.containing("\"stream\":false"))
                .willReturn(OpenWebUiVersion.json(200, OpenWebUiVersionsTest.completion(
                        "{\"role\":\"assistant\",\"content\":\"Signed in.\"}"))));
    }

    @Test
    void heldStreamAndWholeRequestsAreAnsweredAfterTheSignIn() throws Exception {
        SignInWindow window = window();
        AtomicInteger signIns = new AtomicInteger();
        try (ProxyHarness h = ProxyHarness.startRenewing(dir, FAST_PINGS, () -> window.whileOpen("test", () -> {
            signIns.incrementAndGet();
            sleep(SIGN_IN_TAKES);
            return "after-sign-in";
        }), Optional.of(window))) {
            upstreamAcceptsOnly(h, "after-sign-in");
            CompletableFuture<HttpResponse<String>> stream = CompletableFuture.supplyAsync(() -> h.post("/v1/messages", STREAM_REQUEST));
            CompletableFuture<HttpResponse<String>> whole = CompletableFuture.supplyAsync(() -> h.post("/v1/messages", REQUEST));
            sleep(Duration.ofMillis(1200));
            String health = h.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(h.baseUrl() + "/observe/health"))
                    .build()).body();
            assertTrue(health.contains(ProxyServer.SIGN_IN_WAITING), health);
            CompletableFuture<HttpResponse<String>> late = CompletableFuture.supplyAsync(() -> h.post("/v1/messages", REQUEST));

            HttpResponse<String> streamed = stream.join();
            assertEquals(200, streamed.statusCode());
            List<Sse.Event> events = Sse.parse(streamed.body());
            assertEquals("message_start", events.getFirst().type(), streamed.body());
            assertTrue(events.stream().filter(e -> "ping".equals(e.type())).count() >= 3, "pings while held: " + streamed.body());
            assertEquals("Signed in.", Sse.accumulate(events).content().getFirst().asText().text());
            for (HttpResponse<String> res : List.of(whole.join(), late.join())) {
                assertEquals(200, res.statusCode(), res.body());
                assertTrue(res.body().contains("Signed in."), res.body());
            }
            assertEquals(1, signIns.get(), "one window for every held request");
            assertEquals(1, h.refresher.orElseThrow().renewals());
            assertFalse(h.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(h.baseUrl() + "/observe/health"))
                    .build()).body().contains(ProxyServer.SIGN_IN_WAITING));
        }
    }

    @Test
    void whenNobodySignsInHeldRequestsGetTheLoginAdvice() throws Exception {
        SignInWindow window = window();
        try (ProxyHarness h = ProxyHarness.startRenewing(dir, FAST_PINGS, () -> window.whileOpen("test", () -> {
            sleep(Duration.ofMillis(1500));
            throw new SignInException("the sign-in window ended without a sign-in (the browser window was closed)."
                    + " Sign in with 'java -jar target/agent.jar login'");
        }), Optional.of(window))) {
            upstreamAcceptsOnly(h, "never");
            CompletableFuture<HttpResponse<String>> stream = CompletableFuture.supplyAsync(() -> h.post("/v1/messages", STREAM_REQUEST));
            HttpResponse<String> whole = h.post("/v1/messages", REQUEST);
            assertEquals(401, whole.statusCode(), whole.body());
            assertTrue(whole.body().contains("login"), whole.body());

            HttpResponse<String> streamed = stream.join();
            List<Sse.Event> events = Sse.parse(streamed.body());
            assertEquals("message_start", events.getFirst().type(), streamed.body());
            Sse.Event last = events.getLast();
            assertEquals("error", last.type(), streamed.body());
            JsonNode error = ProxyHarness.JSON.readTree(last.data()).path("error");
            assertEquals("authentication_error", error.path("type").asText());
            assertTrue(error.path("message").asText().contains("login"), error.toString());
            assertFalse(Sse.types(events).contains("message_stop"));

            HttpResponse<String> failsFast = h.post("/v1/messages", REQUEST);
            assertEquals(401, failsFast.statusCode());
            assertEquals(1, h.refresher.orElseThrow().renewals(), "no second window within a minute");
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
