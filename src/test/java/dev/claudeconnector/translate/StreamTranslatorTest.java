package dev.claudeconnector.translate;

import static dev.claudeconnector.translate.Chunks.finish;
import static dev.claudeconnector.translate.Chunks.reasoning;
import static dev.claudeconnector.translate.Chunks.run;
import static dev.claudeconnector.translate.Chunks.shape;
import static dev.claudeconnector.translate.Chunks.text;
import static dev.claudeconnector.translate.Chunks.tool;
import static dev.claudeconnector.translate.Chunks.usage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.StopReason;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The streaming state machine: exact event sequences for recorded and hand-made upstream streams,
 * each also accumulated by the official Anthropic SDK, which rejects malformed sequences.
 */
class StreamTranslatorTest {

    static Map<String, Object> input(ContentBlock block) {
        @SuppressWarnings("unchecked")
        Map<String, Object> input = block.asToolUse()._input().convert(Map.class);
        return input;
    }

    @Test
    void recordedOpenAiToolCallStream() {
        List<SseEvent> events = run(Fixtures.openAiChunks("example_openai_stream_tool_call_openai.txt"));
        assertEquals("start | 0+tool_use | 0:input_json_delta*8 | 0- | delta:tool_use | stop", shape(events));
        assertEquals("toolu_1dd247524d9341d5a0e4d71a",
                events.get(1).data().get("content_block").get("id").asText());
        Message message = SdkStreamCheck.accumulateEvents(events);
        assertEquals(StopReason.TOOL_USE, message.stopReason().orElseThrow());
        assertEquals("Write", message.content().get(0).asToolUse().name());
        assertEquals(Map.of("file_path", "/home/user/project/work/hello.txt", "content", "hi from proxy test"),
                input(message.content().get(0)));
        assertEquals(120, message.usage().inputTokens());
        assertEquals(17, message.usage().outputTokens());
    }

    @Test
    void recordedOpenWebUiOllamaToolCallStream() {
        List<SseEvent> events = run(Fixtures.openAiChunks("example_openai_stream_tool_call_owui-ollama.txt"));
        assertEquals("start | 0+tool_use | 0:input_json_delta*2 | 0- | delta:tool_use | stop", shape(events));
        Message message = SdkStreamCheck.accumulateEvents(events);
        assertEquals("toolu_bfd7d73ede374d6a91abbd1d", message.content().get(0).asToolUse().id());
        assertEquals(Map.of("file_path", "/home/user/project/hello.txt", "content", "hi from proxy test"),
                input(message.content().get(0)));
        assertEquals(120, message.usage().inputTokens());
    }

    @Test
    void textOnlyStream() {
        List<SseEvent> events = run(List.of(
                Chunks.delta(Fixtures.JSON.createObjectNode().put("role", "assistant").put("content", "")),
                text("Hel"), text(""), text("lo"), finish("stop"), usage(10, 2)));
        assertEquals("start | 0+text | 0:text_delta*2 | 0- | delta:end_turn | stop", shape(events));
        Message message = SdkStreamCheck.accumulateEvents(events);
        assertEquals("Hello", message.content().get(0).asText().text());
        assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
    }

    @Test
    void textThenTwoParallelToolCalls() {
        List<SseEvent> events = run(List.of(text("Reading both."),
                tool(0, "call_a", "Read", ""), tool(0, null, null, "{\"file_path\":"), tool(0, null, null, "\"/a\"}"),
                tool(1, "call_b", "Read", ""), tool(1, null, null, "{\"file_path\":\"/b\"}"),
                finish("tool_calls"), usage(30, 12)));
        assertEquals("start | 0+text | 0:text_delta | 0- | 1+tool_use | 1:input_json_delta*3 | 1- "
                + "| 2+tool_use | 2:input_json_delta*2 | 2- | delta:tool_use | stop", shape(events));
        Message message = SdkStreamCheck.accumulateEvents(events);
        assertEquals(3, message.content().size());
        assertEquals("toolu_a", message.content().get(1).asToolUse().id());
        assertEquals(Map.of("file_path", "/a"), input(message.content().get(1)));
        assertEquals("toolu_b", message.content().get(2).asToolUse().id());
        assertEquals(Map.of("file_path", "/b"), input(message.content().get(2)));
    }

    @Test
    void firstToolCallStreamsLiveUntilTheSecondStarts() {
        StreamTranslator translator = new StreamTranslator("msg_1", "m", ToolNames.none(), 1);
        translator.start();
        assertEquals("0+tool_use", shape(translator.onChunk(tool(0, "call_a", "Read", ""))));
        assertEquals("0:input_json_delta", shape(translator.onChunk(tool(0, null, null, "{\"a\":"))));
        assertEquals("0:input_json_delta", shape(translator.onChunk(tool(0, null, null, "1}"))));
        // the closing brace is held until the block closes
        assertEquals("0:input_json_delta | 0- | 1+tool_use", shape(translator.onChunk(tool(1, "call_b", "Read", ""))));
    }

    @Test
    void interleavedParallelFragmentsWaitForTheOpenCallToComplete() {
        List<SseEvent> events = run(List.of(
                tool(0, "call_a", "Read", "{\"file_path\":"),
                tool(1, "call_b", "Grep", "{\"pattern\":"),
                tool(0, null, null, "\"/a\""),
                tool(1, null, null, "\"x\""),
                tool(1, null, null, "}"),
                tool(0, null, null, "}"),
                finish("tool_calls")));
        // call_b waits (buffered) while call_a is incomplete, then comes out whole
        assertEquals("start | 0+tool_use | 0:input_json_delta*3 | 0- | 1+tool_use | 1:input_json_delta*2 | 1- "
                + "| delta:tool_use | stop", shape(events));
        Message message = SdkStreamCheck.accumulateEvents(events);
        assertEquals(Map.of("file_path", "/a"), input(message.content().get(0)));
        assertEquals("Grep", message.content().get(1).asToolUse().name());
        assertEquals(Map.of("pattern", "x"), input(message.content().get(1)));
    }

    @Test
    void lateNameHoldsTheBlockStartUntilTheNameArrives() {
        StreamTranslator translator = new StreamTranslator("msg_late", "m", ToolNames.none(), 1);
        List<SseEvent> events = new ArrayList<>(translator.start());
        List<SseEvent> early = translator.onChunk(tool(0, null, null, "{\"command\":"));
        assertEquals("", shape(early));
        events.addAll(early);
        events.addAll(translator.onChunk(tool(0, "call_x", "Bash", "\"ls\"}")));
        events.addAll(translator.onChunk(finish("tool_calls")));
        events.addAll(translator.finish());
        assertEquals("start | 0+tool_use | 0:input_json_delta*2 | 0- | delta:tool_use | stop", shape(events));
        Message message = SdkStreamCheck.accumulateEvents(events);
        assertEquals("Bash", message.content().get(0).asToolUse().name());
        assertEquals(Map.of("command", "ls"), input(message.content().get(0)));
    }

    @Test
    void missingToolCallIdIsDerivedFromMessageIdAndPosition() {
        List<SseEvent> events = run(List.of(tool(0, null, "A", "{}"), tool(1, null, "B", "{}")));
        Message message = SdkStreamCheck.accumulateEvents(events);
        assertEquals("toolu_01Stream_0", message.content().get(0).asToolUse().id());
        assertEquals("toolu_01Stream_1", message.content().get(1).asToolUse().id());
    }

    @Test
    void reasoningThenText() {
        List<SseEvent> events = run(List.of(reasoning("Think"), reasoning("ing."),
                Chunks.delta(Fixtures.JSON.createObjectNode().put("reasoning", "")), text("Answer."), finish("stop")));
        assertEquals("start | 0+thinking | 0:thinking_delta*2 | 0:signature_delta | 0- | 1+text | 1:text_delta | 1- "
                + "| delta:end_turn | stop", shape(events));
        Message message = SdkStreamCheck.accumulateEvents(events);
        assertEquals("Thinking.", message.content().get(0).asThinking().thinking());
        assertEquals("", message.content().get(0).asThinking().signature());
        assertEquals("Answer.", message.content().get(1).asText().text());
    }

    @Test
    void sourcesOnlyAndOtherNonChoiceChunksAreIgnored() {
        List<SseEvent> events = run(List.of(
                Fixtures.json("{\"sources\":[{\"source\":{\"name\":\"doc\"},\"document\":[\"x\"]}]}"),
                Fixtures.json("{\"selected_model_id\":\"m\"}"),
                Fixtures.json("{\"choices\":[]}"),
                Chunks.delta(Fixtures.JSON.createObjectNode()),
                text("ok"), finish("stop")));
        assertEquals("start | 0+text | 0:text_delta | 0- | delta:end_turn | stop", shape(events));
        SdkStreamCheck.accumulateEvents(events);
    }

    @Test
    void usageOnlyChunkAfterFinishReasonIsUsed() {
        List<SseEvent> events = run(List.of(text("x"), finish("stop"),
                Fixtures.json("{\"choices\":[],\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":5,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":600}}}")));
        JsonNode delta = events.get(events.size() - 2).data();
        assertEquals("{\"input_tokens\":300,\"output_tokens\":5,\"cache_read_input_tokens\":600}", delta.get("usage").toString());
        Message message = SdkStreamCheck.accumulateEvents(events);
        assertEquals(300, message.usage().inputTokens());
        assertEquals(600, message.usage().cacheReadInputTokens().orElseThrow());
    }

    @Test
    void withoutUsageTheEstimateAndARoughOutputCountAreReported() {
        StreamTranslator translator = new StreamTranslator("msg_1", "m", ToolNames.none(), 1234);
        List<SseEvent> events = run(translator, List.of(text("12345678"), finish("stop")));
        assertEquals("{\"input_tokens\":1234,\"output_tokens\":2,\"cache_read_input_tokens\":0}",
                events.get(events.size() - 2).data().get("usage").toString());
        assertEquals(1234, events.get(0).data().get("message").get("usage").get("input_tokens").asInt());
        assertEquals(translator.usage(), events.get(events.size() - 2).data().get("usage"));
    }

    @Test
    void multipleFinishReasonsKeepTheLast() {
        List<SseEvent> events = run(List.of(text("x"), finish("stop"), finish("length")));
        assertEquals("start | 0+text | 0:text_delta | 0- | delta:max_tokens | stop", shape(events));
    }

    @Test
    void missingDoneIsHandledByFinish() {
        StreamTranslator translator = new StreamTranslator("msg_1", "m", ToolNames.none(), 1);
        List<SseEvent> events = new ArrayList<>(translator.onChunk(text("partial")));
        events.addAll(translator.onChunk(tool(0, "call_1", "Read", "{\"file_path\":\"/a")));
        assertFalse(translator.finished());
        events.addAll(translator.finish());
        assertTrue(translator.finished());
        assertEquals("start | 0+text | 0:text_delta | 0- | 1+tool_use | 1:input_json_delta*2 | 1- | delta:tool_use | stop",
                shape(events));
        Message message = SdkStreamCheck.accumulateEvents(events);
        assertEquals(Map.of("file_path", "/a"), input(message.content().get(1)));
    }

    @Test
    void errorChunksAreLeftToTheCallerAndChangeNothing() {
        // Open WebUI's error chunks are read by the proxy before translation (openwebui.FailureReading).
        StreamTranslator translator = new StreamTranslator("msg_1", "m", ToolNames.none(), 1);
        List<SseEvent> events = new ArrayList<>(translator.start());
        events.addAll(translator.onChunk(text("Hi")));
        assertTrue(translator.onChunk(Fixtures.json("{\"error\":{\"message\":\"throttled\"}}")).isEmpty());
        assertFalse(translator.finished());
        events.addAll(translator.finish());
        assertEquals("start | 0+text | 0:text_delta | 0- | delta:end_turn | stop", shape(events));
    }

    @Test
    void startIsImplicitAndOnceAndFinishIsIdempotent() {
        StreamTranslator translator = new StreamTranslator("msg_1", "m", ToolNames.none(), 1);
        List<SseEvent> first = translator.onChunk(text("a"));
        assertEquals("start | 0+text | 0:text_delta", shape(first));
        assertTrue(translator.start().isEmpty());
        assertEquals("0- | delta:end_turn | stop", shape(translator.finish()));
        assertTrue(translator.finish().isEmpty());
        StreamTranslator empty = new StreamTranslator("msg_2", "m", ToolNames.none(), 1);
        List<SseEvent> nothing = empty.finish();
        assertEquals("start | delta:end_turn | stop", shape(nothing));
        assertTrue(SdkStreamCheck.accumulateEvents(nothing).content().isEmpty());
    }

    @Test
    void messageStartCarriesIdModelAndEstimate() {
        SseEvent start = new StreamTranslator("msg_abc", "claude-sonnet-4-5", ToolNames.none(), 77).start().get(0);
        assertEquals("""
                {"type":"message_start","message":{"id":"msg_abc","type":"message","role":"assistant","model":"claude-sonnet-4-5",\
                "content":[],"stop_reason":null,"stop_sequence":null,\
                "usage":{"input_tokens":77,"output_tokens":1,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}}""",
                start.data().toString());
    }

    @Test
    void toolNamesAreMappedBack() {
        String longName = "mcp__server__" + "y".repeat(80);
        ToolNames names = ToolNames.of(List.of(longName));
        StreamTranslator translator = new StreamTranslator("msg_1", "m", names, 1);
        List<SseEvent> events = run(translator, List.of(tool(0, "call_1", names.toUpstream(longName), "{}")));
        assertEquals(longName, SdkStreamCheck.accumulateEvents(events).content().get(0).asToolUse().name());
    }

    @Test
    void streamAndNonStreamGiveTheSameToolUseIds() {
        List<SseEvent> events = run(List.of(tool(0, "call_abc", "A", "{}"), tool(1, null, "B", "{}"),
                tool(2, "toolu_keep", "C", "{}")));
        Message streamed = SdkStreamCheck.accumulateEvents(events);
        JsonNode whole = ResponseTranslator.toAnthropic(Fixtures.json("""
                {"choices":[{"message":{"role":"assistant","content":null,"tool_calls":[
                  {"id":"call_abc","type":"function","function":{"name":"A","arguments":"{}"}},
                  {"type":"function","function":{"name":"B","arguments":"{}"}},
                  {"id":"toolu_keep","type":"function","function":{"name":"C","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}"""),
                "msg_01Stream", "m", ToolNames.none());
        for (int i = 0; i < 3; i++) {
            assertEquals(whole.get("content").get(i).get("id").asText(), streamed.content().get(i).asToolUse().id());
        }
    }

    @Test
    void wireFormatIsEventLineDataLineBlankLine() {
        assertEquals("event: ping\ndata: {\"type\":\"ping\"}\n\n", SseEvent.ping().wire());
        assertEquals("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}\n\n",
                StreamTranslator.error("overloaded_error", "busy").wire());
        List<SseEvent> events = run(List.of(text("a\nb")));
        StringBuilder body = new StringBuilder();
        events.forEach(e -> body.append(e.wire()));
        assertEquals("a\nb", SdkStreamCheck.accumulate(SdkStreamCheck.dataLines(body.toString())).content().get(0).asText().text());
    }
}
