package dev.claudeconnector.proxy;

import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Streaming through a running proxy, checked by the official Anthropic SDK's accumulator. */
class StreamingTest {
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

    private void upstreamStreams(String sse) {
        h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(sse)));
    }

    private static String chunk(String delta, String finish) {
        return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }

    @Test
    void sdkAccumulatesTextThenTwoParallelToolCalls() {
        upstreamStreams(Sse.openAiStream(true,
                chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
                chunk("{\"content\":\"Writing two files.\"}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_a1\",\"type\":\"function\",\"function\":{\"name\":\"Write\",\"arguments\":\"\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"file_path\\\": \\\"/tmp/a.txt\\\",\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\" \\\"content\\\": \\\"A\\\"}\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":1,\"id\":\"call_b2\",\"type\":\"function\",\"function\":{\"name\":\"Write\",\"arguments\":\"{\\\"file_path\\\": \\\"/tmp/b.txt\\\", \\\"content\\\": \\\"B\\\"}\"}}]}", null),
                chunk("{}", "tool_calls"),
                "{\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":40,\"prompt_tokens_details\":{\"cached_tokens\":20}}}"));

        MessageCreateParams params = MessageCreateParams.builder()
                .model("claude-opus-5-5").maxTokens(128000).addUserMessage("write a and b")
                .addTool(ProxyHarness.tool("Write")).build();
        Message message;
        try (StreamResponse<RawMessageStreamEvent> stream = h.sdk().messages().createStreaming(params)) {
            MessageAccumulator acc = MessageAccumulator.create();
            stream.stream().forEach(acc::accumulate);
            message = acc.message();
        }

        assertEquals("claude-opus-5-5", message.model().asString(), "the model the client asked for");
        assertEquals(StopReason.TOOL_USE, message.stopReason().orElseThrow());
        List<ContentBlock> content = message.content();
        assertEquals(3, content.size());
        assertEquals("Writing two files.", content.get(0).asText().text());
        var a = content.get(1).asToolUse();
        var b = content.get(2).asToolUse();
        assertEquals("Write", a.name());
        assertTrue(a.id().startsWith("toolu_"), a.id());
        assertFalse(a.id().equals(b.id()));
        assertEquals(Map.of("file_path", "/tmp/a.txt", "content", "A"), a._input().convert(Map.class));
        assertEquals(Map.of("file_path", "/tmp/b.txt", "content", "B"), b._input().convert(Map.class));
        assertEquals(40, message.usage().outputTokens());
        assertEquals(100, message.usage().inputTokens());
        assertEquals(20, message.usage().cacheReadInputTokens().orElseThrow());

        JsonNode sent = h.upstreamBodies().getFirst();
        assertEquals("claude-sonnet-4.5", sent.get("model").asText(), "an unknown id goes to the catalog default");
        assertEquals(65536, sent.get("max_tokens").asInt(), "clamped to the model's limit");
        assertTrue(sent.get("stream").asBoolean());
        assertTrue(sent.path("stream_options").path("include_usage").asBoolean());
        assertEquals("Bearer " + ProxyHarness.TOKEN, h.upstreamRequests().getFirst().getHeader("Authorization"));
    }

    @Test
    void realClaudeCodeRequestWithOpenAiToolStream() throws Exception {
        upstreamStreams(ProxyHarness.resource("/fixtures/example_openai_stream_tool_call_openai.txt"));
        JsonNode body = ProxyHarness.fixtureBody("02_write_tool_first_request.json");
        HttpResponse<String> res = h.post("/v1/messages?beta=true", body.toString());

        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.headers().firstValue("content-type").orElseThrow().startsWith("text/event-stream"));
        Message message = Sse.accumulate(Sse.parse(res.body()));
        assertEquals(StopReason.TOOL_USE, message.stopReason().orElseThrow());
        var tool = message.content().stream().filter(ContentBlock::isToolUse).findFirst().orElseThrow().asToolUse();
        assertEquals("Write", tool.name());
        assertEquals("/home/user/project/work/hello.txt", tool._input().convert(Map.class).get("file_path"));

        JsonNode sent = h.upstreamBodies().getFirst();
        assertEquals("system", sent.get("messages").get(0).get("role").asText());
        for (String forbidden : List.of("chat_id", "session_id", "id", "thinking", "context_management", "output_config", "metadata")) {
            assertFalse(sent.has(forbidden), forbidden + " must not reach Open WebUI");
        }
    }

    @Test
    void ollamaShapedStreamFromOpenWebUiAccumulates() {
        upstreamStreams(ProxyHarness.resource("/fixtures/example_openai_stream_tool_call_owui-ollama.txt"));
        HttpResponse<String> res = h.post("/v1/messages?beta=true",
                ProxyHarness.fixtureBody("02_write_tool_first_request.json").toString());
        Message message = Sse.accumulate(Sse.parse(res.body()));
        assertEquals(StopReason.TOOL_USE, message.stopReason().orElseThrow());
        assertEquals(17, message.usage().outputTokens());
    }

    @Test
    void sourcesEventsAndAMissingDoneStillGiveACompleteMessage() {
        upstreamStreams(Sse.openAiStream(false,
                "{\"sources\":[{\"source\":{\"name\":\"doc\"}}]}",
                chunk("{\"role\":\"assistant\"}", null),
                chunk("{}", null),
                chunk("{\"content\":\"Hello\"}", null),
                chunk("{\"content\":\" world\"}", "stop")));
        HttpResponse<String> res = h.post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        List<Sse.Event> events = Sse.parse(res.body());
        assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop"), Sse.types(events));
        Message message = Sse.accumulate(events);
        assertEquals("Hello world", message.content().getFirst().asText().text());
        assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
    }
}
