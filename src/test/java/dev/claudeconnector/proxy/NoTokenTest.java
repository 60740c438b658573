package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without a token the proxy still starts, explains how to sign in, and picks up a token added later. */
class NoTokenTest {
    @TempDir
    Path dir;

    @Test
    void startsWithoutATokenAndSaysHowToSignIn() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(dir, "", false)) {
            HttpResponse<String> res = h.post("/v1/messages", UpstreamErrorMappingTest.REQUEST);
            assertEquals(401, res.statusCode());
            JsonNode error = ProxyHarness.JSON.readTree(res.body()).path("error");
            assertEquals("authentication_error", error.path("type").asText());
            assertTrue(error.path("message").asText().contains("login"), error.toString());
            assertTrue(h.upstreamRequests().isEmpty());

            // A hand edit of the auth file is used without a restart.
            Files.writeString(h.authFile, Files.readString(h.authFile) + "export WEBUI_SESSION_TOKEN='added-later'\n");
            h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"ok\"}}]}")));
            HttpResponse<String> later = h.post("/v1/messages", UpstreamErrorMappingTest.REQUEST);
            assertEquals(200, later.statusCode(), later.body());
            assertEquals("Bearer added-later", h.upstreamRequests().getFirst().getHeader("Authorization"));
        }
    }

    @Test
    void theExamplesPlaceholderIsNoTokenAndNeverSentUpstream() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(dir, "", false)) {
            // cp .auth.env.example .auth.env, the local key kept
            Files.writeString(h.authFile, Files.readString(h.authFile) + Files.readString(Path.of(".auth.env.example")));
            HttpResponse<String> res = h.post("/v1/messages", UpstreamErrorMappingTest.REQUEST);
            assertEquals(401, res.statusCode());
            JsonNode error = ProxyHarness.JSON.readTree(res.body()).path("error");
            assertTrue(error.path("message").asText().contains("No Open WebUI session token yet"), error.toString());
            assertTrue(h.upstreamRequests().isEmpty(), "the placeholder never goes to Open WebUI");
        }
    }
}
