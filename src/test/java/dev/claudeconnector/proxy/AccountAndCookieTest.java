package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudeconnector.auth.AuthFile;
import dev.claudeconnector.auth.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the proxy presents about the account: renewal only when a new token can help, and the OAuth session cookie. */
class AccountAndCookieTest {
    static final String REQUEST = UpstreamErrorMappingTest.REQUEST;

    @TempDir
    Path dir;

    @Test
    void aPendingAccountIsNeverRenewedButARejectedTokenIsOnce() throws Exception {
        AtomicInteger minted = new AtomicInteger();
        try (ProxyHarness h = ProxyHarness.startRenewing(dir, () -> "renewed-" + minted.incrementAndGet())) {
            h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).willReturn(OpenWebUiVersion.V0_10_2.pendingAccount()));
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> res = h.post("/v1/messages", REQUEST);
                assertEquals(403, res.statusCode(), res.body());
                assertEquals("permission_error", ProxyHarness.JSON.readTree(res.body()).path("error").path("type").asText());
            }
            assertEquals(0, h.refresher.orElseThrow().renewals(), "renewing cannot help a pending account");

            h.webui.resetAll();
            h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).withHeader("Authorization", equalTo("Bearer renewed-1"))
                    .willReturn(OpenWebUiVersion.json(200, OpenWebUiVersionsTest.completion(
                            "{\"role\":\"assistant\",\"content\":\"ok\"}"))));
            h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).withHeader("Authorization",
                    equalTo("Bearer " + ProxyHarness.TOKEN)).willReturn(OpenWebUiVersion.V0_10_2.tokenRejected()));
            HttpResponse<String> res = h.post("/v1/messages", REQUEST);
            assertEquals(200, res.statusCode(), res.body());
            assertEquals(1, h.refresher.orElseThrow().renewals());
        }
    }

    @Test
    void theOauthSessionIdTravelsAsACookieOnlyWhenSignInLeftOne() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(dir)) {
            h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).willReturn(OpenWebUiVersion.json(200,
                    OpenWebUiVersionsTest.completion("{\"role\":\"assistant\",\"content\":\"ok\"}"))));
            assertEquals(200, h.post("/v1/messages", REQUEST).statusCode());
            assertFalse(h.upstreamRequests().getFirst().containsHeader("Cookie"));

            new AuthFile(h.authFile).put(Credentials.OAUTH_SESSION_VAR, "5f0c-session"); // a sign-in in another process
            Thread.sleep(Credentials.TOKEN_RECHECK / 1_000_000 + 100); // chat calls look at the file once a second
            assertEquals(200, h.post("/v1/messages", REQUEST).statusCode());
            // routers/openai.py reads request.cookies["oauth_session_id"] for system_oauth connections
            assertEquals("oauth_session_id=5f0c-session", h.upstreamRequests().getLast().getHeader("Cookie"));
            JsonNode sent = h.upstreamBodies().getLast();
            assertTrue(sent.path("params").has("function_calling"), sent.toString());
        }
    }
}
