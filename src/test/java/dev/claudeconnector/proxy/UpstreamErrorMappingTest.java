package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every upstream failure becomes an Anthropic-format error that says what to do; nothing raw leaks. */
class UpstreamErrorMappingTest {
    static final String REQUEST = "{\"model\":\"claude-sonnet-4\",\"max_tokens\":50,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String STREAM_REQUEST = REQUEST.replace("\"max_tokens\":50,", "\"max_tokens\":50,\"stream\":true,");

    @TempDir
    Path dir;
    ProxyHarness h;

    @BeforeEach
    void start() {
        h = ProxyHarness.start(dir);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private JsonNode error(HttpResponse<String> res) throws Exception {
        JsonNode body = ProxyHarness.JSON.readTree(res.body());
        assertEquals("error", body.path("type").asText(), res.body());
        return body.path("error");
    }

    @ParameterizedTest(name = "upstream {0} -> {2} {1}")
    @CsvSource({
            "400, invalid_request_error, 400, '{\"detail\":\"bad field\"}', bad field",
            "401, authentication_error, 401, '{\"detail\":\"401 Unauthorized\"}', login",
            "403, authentication_error, 401, '{\"detail\":\"Not authenticated\"}', login",
            "404, not_found_error, 404, '{\"detail\":\"Not Found\"}', claude-sonnet-4",
            "413, request_too_large, 413, 'too big', /compact",
            "429, rate_limit_error, 429, '{\"error\":{\"message\":\"slow down\"}}', slow down",
            "503, overloaded_error, 529, 'busy', overloaded",
            "529, overloaded_error, 529, 'busy', overloaded",
            "500, api_error, 502, '<html>Internal Server Error</html>', HTTP 500",
            "502, api_error, 502, 'bad gateway', HTTP 502",
            // Open WebUI 0.9+ wraps provider failures as 400 {"detail"} (main.py chat_completion)
            "400, rate_limit_error, 429, '{\"detail\":\"ThrottlingException: Too many requests\"}', ThrottlingException",
            "400, api_error, 502, '{\"detail\":\"Open WebUI: Server Connection Error\"}', Server Connection Error",
            "400, overloaded_error, 529, '{\"detail\":\"Service unavailable, try later\"}', overloaded",
            "400, invalid_request_error, 400, '{\"detail\":\"Input is too long for requested model.\"}', Input is too long for requested model.",
            // a pending account (utils/auth.py get_verified_user)
            "401, permission_error, 403, '{\"detail\":\"You do not have permission to access this resource.\"}', administrator",
    })
    void upstreamStatusIsMapped(int upstream, String type, int status, String body, String mentions) throws Exception {
        h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).willReturn(aResponse()
                .withStatus(upstream).withHeader("Retry-After", "7").withBody(body)));
        for (String request : new String[] {REQUEST, STREAM_REQUEST}) {
            HttpResponse<String> res = h.post("/v1/messages", request);
            assertEquals(status, res.statusCode(), res.body());
            JsonNode error = error(res);
            assertEquals(type, error.path("type").asText());
            assertTrue(error.path("message").asText().contains(mentions), error.toString());
            if (upstream == 429) {
                assertEquals("7", res.headers().firstValue("retry-after").orElseThrow());
            }
        }
    }

    @Test
    void modelNotFoundInA400BodyIsNotFound() throws Exception {
        h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).willReturn(aResponse()
                .withStatus(400).withBody("{\"detail\":\"Model not found\"}")));
        HttpResponse<String> res = h.post("/v1/messages", REQUEST);
        assertEquals(404, res.statusCode());
        JsonNode error = error(res);
        assertEquals("not_found_error", error.path("type").asText());
        assertTrue(error.path("message").asText().contains("'claude-sonnet-4'"), error.toString());
    }

    @Test
    void http200WithNullBodyIsAnApiError() throws Exception {
        h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("null")));
        for (String request : new String[] {REQUEST, STREAM_REQUEST}) {
            HttpResponse<String> res = h.post("/v1/messages", request);
            assertEquals(500, res.statusCode(), res.body());
            JsonNode error = error(res);
            assertEquals("api_error", error.path("type").asText());
            assertTrue(error.path("message").asText().contains("null"), error.toString());
        }
    }

    @Test
    void aPipeErrorInA200BodyIsAnErrorNotAMessage() throws Exception {
        // functions.py generate_function_chat_completion: a failing pipe answers 200 {"error":{"detail":…}}
        h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"detail\":\"pipe crashed: KeyError 'x'\"}}")));
        for (String request : new String[] {REQUEST, STREAM_REQUEST}) {
            HttpResponse<String> res = h.post("/v1/messages", request);
            assertEquals(500, res.statusCode(), res.body());
            JsonNode error = error(res);
            assertEquals("api_error", error.path("type").asText());
            assertTrue(error.path("message").asText().contains("pipe crashed"), error.toString());
        }
    }

    @Test
    void unreachableUpstreamNamesTheUrl() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        ProxyHarness dead = ProxyHarness.startWithUpstream(dir.resolve("dead"), "http://127.0.0.1:" + deadPort);
        try {
            HttpResponse<String> res = dead.post("/v1/messages", REQUEST);
            assertEquals(502, res.statusCode());
            JsonNode error = error(res);
            assertEquals("api_error", error.path("type").asText());
            assertTrue(error.path("message").asText().contains("http://127.0.0.1:" + deadPort), error.toString());
        } finally {
            dead.close();
        }
    }

    @Test
    void streamErrorAfterStartBecomesAnErrorEvent() throws Exception {
        h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(Sse.openAiStream(false,
                        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"partial\"}}]}",
                        "{\"error\":{\"message\":\"model backend crashed\"}}"))));
        HttpResponse<String> res = h.post("/v1/messages", STREAM_REQUEST);
        assertEquals(200, res.statusCode());
        var events = Sse.parse(res.body());
        Sse.Event last = events.getLast();
        assertEquals("error", last.type(), res.body());
        assertTrue(last.data().contains("model backend crashed"), last.data());
        assertFalse(Sse.types(events).contains("message_stop"));
    }

    @Test
    void upstreamErrorTextIsQuotedShortNotLeakedWhole() throws Exception {
        String huge = "<html>" + "x".repeat(100_000) + "</html>";
        h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).willReturn(aResponse().withStatus(500).withBody(huge)));
        HttpResponse<String> res = h.post("/v1/messages", REQUEST);
        assertTrue(res.body().length() < 1000, "error body is short: " + res.body().length());
    }
}
