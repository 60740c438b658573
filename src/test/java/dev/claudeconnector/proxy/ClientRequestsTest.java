package dev.claudeconnector.proxy;

import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.StopReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Non-streaming calls, the other routes, the local key, and bad client input. */
class ClientRequestsTest {
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

    private JsonNode json(HttpResponse<String> res) throws Exception {
        return ProxyHarness.JSON.readTree(res.body());
    }

    @Test
    void nonStreamingAnswerWithToolCallThroughTheSdk() {
        h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"id":"chatcmpl-1","object":"chat.completion","model":"claude-3.7-sonnet",
                         "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant",
                           "content":"Let me look.","tool_calls":[{"id":"call_x9","type":"function",
                           "function":{"name":"Read","arguments":"{\\"file_path\\":\\"/etc/hosts\\"}"}}]}}],
                         "usage":{"prompt_tokens":11,"completion_tokens":7}}""")));
        Message m = h.sdk().messages().create(MessageCreateParams.builder()
                .model("claude-3-7-sonnet-20250219").maxTokens(1000).addUserMessage("read hosts")
                .addTool(ProxyHarness.tool("Read")).build());
        assertEquals("claude-3-7-sonnet-20250219", m.model().asString());
        assertTrue(m.id().startsWith("msg_"));
        assertEquals(StopReason.TOOL_USE, m.stopReason().orElseThrow());
        assertEquals("Let me look.", m.content().get(0).asText().text());
        var tool = m.content().get(1).asToolUse();
        assertEquals("toolu_x9", tool.id());
        assertEquals("/etc/hosts", tool._input().convert(Map.class).get("file_path"));
        assertEquals(11, m.usage().inputTokens());
        assertEquals(7, m.usage().outputTokens());
        JsonNode sent = h.upstreamBodies().getFirst();
        assertEquals("claude-3.7-sonnet", sent.get("model").asText());
        assertEquals(false, sent.path("stream").asBoolean(false));
    }

    @Test
    void maxTokensIsClampedToTheCatalogLimit() {
        h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"choices\":[{\"index\":0,\"finish_reason\":\"length\",\"message\":{\"role\":\"assistant\",\"content\":\"x\"}}]}")));
        Message m = h.sdk().messages().create(MessageCreateParams.builder()
                .model("claude-3-5-sonnet-latest").maxTokens(100000).addUserMessage("hi").build());
        assertEquals(StopReason.MAX_TOKENS, m.stopReason().orElseThrow());
        assertEquals(8192, h.upstreamBodies().getFirst().get("max_tokens").asInt());
        assertEquals("claude-3.5-sonnet", h.upstreamBodies().getFirst().get("model").asText());
    }

    @Test
    void everyV1RouteNeedsTheLocalKey() throws Exception {
        for (String key : new String[] {null, "wrong"}) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.baseUrl() + "/v1/messages?beta=true"))
                    .POST(HttpRequest.BodyPublishers.ofString(UpstreamErrorMappingTest.REQUEST));
            if (key != null) {
                b.header("x-api-key", key);
            }
            HttpResponse<String> res = h.send(b.build());
            assertEquals(401, res.statusCode());
            assertEquals("authentication_error", json(res).path("error").path("type").asText());
            assertTrue(json(res).path("error").path("message").asText().contains("CONNECTOR_LOCAL_KEY"));
        }
        HttpResponse<String> models = h.send(HttpRequest.newBuilder(URI.create(h.baseUrl() + "/v1/models")).GET().build());
        assertEquals(401, models.statusCode());
        assertTrue(h.upstreamRequests().isEmpty(), "nothing reached Open WebUI");
    }

    @Test
    void xApiKeyIsAcceptedLikeBearer() throws Exception {
        HttpResponse<String> res = h.send(HttpRequest.newBuilder(URI.create(h.baseUrl() + "/v1/models"))
                .header("x-api-key", ProxyHarness.LOCAL_KEY).GET().build());
        assertEquals(200, res.statusCode());
    }

    @Test
    void modelsListComesFromTheCatalog() throws Exception {
        var page = h.sdk().models().list();
        assertEquals(java.util.List.of("claude-sonnet-4.5", "claude-sonnet-4", "claude-3.7-sonnet", "claude-3.5-sonnet"),
                page.data().stream().map(m -> m.id()).toList());
    }

    @Test
    void countTokensAnswersALocalEstimate() throws Exception {
        String small = "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";
        HttpResponse<String> a = h.post("/v1/messages/count_tokens?beta=true", small);
        assertEquals(200, a.statusCode(), a.body());
        int few = json(a).get("input_tokens").asInt();
        assertTrue(few > 0 && few < 20, "a short message is a handful of tokens: " + few);
        HttpResponse<String> b = h.post("/v1/messages/count_tokens",
                ProxyHarness.fixtureBody("03_write_tool_result_request.json").toString());
        int many = json(b).get("input_tokens").asInt();
        assertTrue(many > 5000 && many < 40000, "the Claude Code request with tools is thousands of tokens: " + many);
        assertTrue(h.upstreamRequests().isEmpty(), "counting is local");
    }

    @Test
    void maxTokensIsRequiredForAMessageButNotForCountingOne() throws Exception {
        String noMaxTokens = "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        HttpResponse<String> message = h.post("/v1/messages", noMaxTokens);
        assertEquals(400, message.statusCode(), message.body());
        JsonNode error = json(message).path("error");
        assertEquals("invalid_request_error", error.path("type").asText());
        assertTrue(error.path("message").asText().startsWith("max_tokens: Field required"), error.toString());
        HttpResponse<String> count = h.post("/v1/messages/count_tokens", noMaxTokens);
        assertEquals(200, count.statusCode(), count.body());
        assertTrue(json(count).path("input_tokens").asInt() > 0, count.body());
        assertTrue(h.upstreamRequests().isEmpty());
    }

    @Test
    void malformedJsonIsA400NamingTheProblem() throws Exception {
        HttpResponse<String> res = h.post("/v1/messages", "{\"model\": \"x\", ");
        assertEquals(400, res.statusCode());
        assertEquals("invalid_request_error", json(res).path("error").path("type").asText());
        assertTrue(json(res).path("error").path("message").asText().contains("not valid JSON"));
    }

    @Test
    void jsonNestedBeyondTheParsersLimitIsA400NotACrash() throws Exception {
        String deep = "{\"model\":\"claude-sonnet-4\",\"max_tokens\":5,\"metadata\":" + "[".repeat(5000)
                + "]".repeat(5000) + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        for (String path : new String[] {"/v1/messages", "/v1/messages/count_tokens"}) {
            HttpResponse<String> res = h.post(path, deep);
            assertEquals(400, res.statusCode(), res.body());
            JsonNode error = json(res).path("error");
            assertEquals("invalid_request_error", error.path("type").asText());
            assertTrue(error.path("message").asText().contains("nesting depth"), error.toString());
        }
        assertTrue(h.upstreamRequests().isEmpty());
    }

    @Test
    void aForcedToolChoiceWithoutANameIsA400() throws Exception {
        HttpResponse<String> res = h.post("/v1/messages", "{\"model\":\"claude-sonnet-4\",\"max_tokens\":5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"name\":\"Read\","
                + "\"input_schema\":{\"type\":\"object\"}}],\"tool_choice\":{\"type\":\"tool\"}}");
        assertEquals(400, res.statusCode(), res.body());
        assertTrue(json(res).path("error").path("message").asText().startsWith("tool_choice.name: Field required"), res.body());
        assertTrue(h.upstreamRequests().isEmpty());
    }

    @Test
    void wrongFieldTypesAreA400NamingTheField() throws Exception {
        String[][] cases = {
                {"{\"model\":5,\"max_tokens\":5,\"messages\":[]}", "model"},
                {"{\"model\":\"claude-sonnet-4\",\"max_tokens\":\"many\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "max_tokens"},
                {"{\"model\":\"claude-sonnet-4\",\"max_tokens\":5,\"messages\":\"hi\"}", "messages"},
                {"{\"model\":\"claude-sonnet-4\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":7}]}", "messages[0].content"},
                {"[1,2]", "JSON object"},
        };
        for (String[] c : cases) {
            HttpResponse<String> res = h.post("/v1/messages", c[0]);
            assertEquals(400, res.statusCode(), c[0]);
            JsonNode error = json(res).path("error");
            assertEquals("invalid_request_error", error.path("type").asText());
            assertTrue(error.path("message").asText().contains(c[1]), c[1] + " not named in: " + error);
        }
        assertTrue(h.upstreamRequests().isEmpty());
    }

    @Test
    void unknownV1PathIsAnAnthropicNotFound() throws Exception {
        HttpResponse<String> res = h.post("/v1/complete", "{}");
        assertEquals(404, res.statusCode());
        assertEquals("not_found_error", json(res).path("error").path("type").asText());
    }

    @Test
    void metricsCountRequestsErrorsAndLatency() {
        h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"x\"}}],"
                        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}")));
        assertEquals(200, h.post("/v1/messages", UpstreamErrorMappingTest.REQUEST).statusCode());
        h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).willReturn(aResponse().withStatus(503)));
        assertEquals(529, h.post("/v1/messages", UpstreamErrorMappingTest.REQUEST).statusCode());
        HttpResponse<String> metrics = h.send(HttpRequest.newBuilder(URI.create(h.baseUrl() + "/observe/metrics"))
                .header("Accept", "text/plain").GET().build());
        assertEquals(200, metrics.statusCode());
        String text = metrics.body();
        assertTrue(text.contains("connector_requests_total"), text);
        assertTrue(text.contains("connector_errors_total{") && text.contains("status=\"529\""), text);
        assertTrue(text.contains("connector_request_duration_seconds_count"), text);
        assertTrue(text.contains("connector_tokens_output_total"), text);
        assertTrue(!text.contains(ProxyHarness.TOKEN) && !text.contains(ProxyHarness.LOCAL_KEY), "no secret in metrics");
    }

    @Test
    void healthAnswersWithoutTheKey() {
        HttpResponse<String> res = h.send(HttpRequest.newBuilder(URI.create(h.baseUrl() + "/observe/health")).GET().build());
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().contains("\"version\""), res.body());
    }

    /** Above the Anthropic API's 32 MB a request is refused before it is read into memory, declared or chunked. */
    @Test
    void aBodyAboveThirtyTwoMegabytesIsRefusedInTheApisFormat() throws Exception {
        String text = "x".repeat(ClientBody.MAX_BODY);
        String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\""
                + text + "\"}]}";
        HttpResponse<String> declared = h.post("/v1/messages", body);
        assertEquals(413, declared.statusCode(), declared.body());
        JsonNode error = json(declared);
        assertEquals("request_too_large", error.path("error").path("type").asText());
        assertTrue(error.path("error").path("message").asText().startsWith("The request body is 32.0 MB; this proxy, like"),
                declared.body());

        HttpResponse<String> chunked = h.send(HttpRequest.newBuilder(URI.create(h.baseUrl() + "/v1/messages"))
                .header("Authorization", "Bearer " + ProxyHarness.LOCAL_KEY).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                .build());
        assertEquals(413, chunked.statusCode(), chunked.body());
        assertTrue(json(chunked).path("error").path("message").asText().startsWith("The request body is larger than 32 MB"));
        h.webui.verify(0, postRequestedFor(urlEqualTo("/api/chat/completions")));
    }

    /** The upstream body is sent from the array it was written into, with its length: never in chunks, whatever the client sent. */
    @Test
    void theUpstreamBodyGoesWithItsLengthWhetherOrNotTheClientsHadOne() {
        h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"ok\"}}]}")));
        ObjectNode body = (ObjectNode) ProxyHarness.fixtureBody("03_write_tool_result_request.json");
        body.put("stream", false);
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        assertEquals(200, h.post("/v1/messages", body.toString()).statusCode());
        HttpResponse<String> chunked = h.send(HttpRequest.newBuilder(URI.create(h.baseUrl() + "/v1/messages"))
                .header("Authorization", "Bearer " + ProxyHarness.LOCAL_KEY).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build());
        assertEquals(200, chunked.statusCode(), chunked.body()); // no length to size from: the array grows

        var sent = h.upstreamRequests();
        assertEquals(2, sent.size());
        for (var request : sent) {
            assertEquals(String.valueOf(request.getBody().length), request.getHeader("Content-Length"));
            assertFalse(request.containsHeader("Transfer-Encoding"), "not chunked");
            assertFalse(request.containsHeader("Expect"), "no 100-continue round trip");
            assertTrue(request.getBody().length > 10_000, "the whole conversation: " + request.getBody().length);
        }
        assertArrayEquals(sent.get(0).getBody(), sent.get(1).getBody());
    }
}
