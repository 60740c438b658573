package dev.claudeconnector.translate;

import dev.claudeconnector.json.JsonTrees;
import static dev.claudeconnector.translate.Chunks.finish;
import static dev.claudeconnector.translate.Chunks.inputJson;
import static dev.claudeconnector.translate.Chunks.run;
import static dev.claudeconnector.translate.Chunks.shape;
import static dev.claudeconnector.translate.Chunks.text;
import static dev.claudeconnector.translate.Chunks.tool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.StopReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per class of bug found (or foreseen from real upstream behaviour) while building translate. */
class TranslateRegressionTest {
    private static final String TOUGH_ARGUMENTS =
            "{\"a\": [1, -2.5e3, true, null, {\"b\": \"x\\\"y\\u00e9\\\\\"}], \"c\": {}, \"d\": \"line\nnext\", \"e\": []}";

    /** Streams {@code json} through a ToolArgumentStream in pieces of {@code size}; returns what the client sees. */
    private static String streamed(String json, int size) {
        ToolArgumentStream stream = new ToolArgumentStream();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < json.length(); i += size) {
            out.append(stream.append(json.substring(i, Math.min(json.length(), i + size))));
        }
        return out.append(stream.finish()).toString();
    }

    private static JsonNode strictObject(String json) {
        try {
            JsonNode node = Fixtures.JSON.readTree(json);
            assertTrue(node.isObject(), json);
            return node;
        } catch (IOException e) {
            throw new AssertionError("not valid JSON: " + json, e);
        }
    }

    @Test
    void toolArgumentsCutShortAtAnyPointStillCloseAsOneValidObject() {
        // max_tokens can cut a tool call anywhere; the SDK parses the block's JSON at content_block_stop.
        for (int cut = 0; cut <= TOUGH_ARGUMENTS.length(); cut++) {
            for (int size : new int[] {1, 3, 1000}) {
                strictObject(streamed(TOUGH_ARGUMENTS.substring(0, cut), size));
            }
        }
        assertEquals(JsonTrees.readLenient(TOUGH_ARGUMENTS), strictObject(streamed(TOUGH_ARGUMENTS, 2)));
    }

    @Test
    void truncatedToolCallStreamIsAcceptedByTheSdkWithMaxTokens() {
        List<SseEvent> events = run(List.of(tool(0, "call_1", "Write", "{\"file_path\":\"/a\",\"content\":\"long te"),
                finish("length")));
        Message message = SdkStreamCheck.accumulateEvents(events);
        assertEquals(StopReason.MAX_TOKENS, message.stopReason().orElseThrow());
        assertEquals("{\"file_path\":\"/a\",\"content\":\"long te\"}", inputJson(events, 0));
    }

    @Test
    void rawControlCharactersInStreamedArgumentsAreEscaped() {
        assertEquals("{\"s\":\"a\\nb\\tc\\u0001\"}", streamed("{\"s\":\"a\nb\tc\u0001\"}", 4));
    }

    @Test
    void escapeSequenceSplitAcrossFragmentsStaysIntact() {
        for (int size = 1; size <= 8; size++) {
            assertEquals("{\"q\":\"say \\\"hi\\\" \\u00e9\"}", streamed("{\"q\":\"say \\\"hi\\\" \\u00e9\"}", size));
        }
        assertEquals("{\"p\":\"C:\\\\dir\"}", streamed("{\"p\":\"C:\\dir\"}", 1)); // an invalid escape keeps its backslash
    }

    @Test
    void wholeArgumentsRepeatedAfterTheirFragmentsAreDropped() {
        List<SseEvent> events = run(List.of(tool(0, "call_1", "Read", "{\"file_path\":"), tool(0, null, null, "\"/a\"}"),
                tool(0, null, null, "{\"file_path\":\"/a\"}"), finish("tool_calls")));
        assertEquals("{\"file_path\":\"/a\"}", inputJson(events, 0));
        SdkStreamCheck.accumulateEvents(events);
    }

    @Test
    void textAfterAJsonSyntaxErrorIsKeptUnderUnparsedRest() {
        assertEquals("{\"a\":1,\"_unparsed_rest\":\"}\"}", streamed("{\"a\":1}}", 1));
        assertEquals("{\"a\":1 ,\"_unparsed_rest\":\"\\\"b\\\":2}\"}", streamed("{\"a\":1 \"b\":2}", 3));
        strictObject(streamed("{\"a\":{\"x\":[1 2]}}", 2));
    }

    @Test
    void argumentsThatAreNotAnObjectAreWrappedAsRawArguments() {
        assertEquals("{\"_raw_arguments\":\"ls -la \\\"x\\\"\"}", streamed("ls -la \"x\"", 2));
        assertEquals("{\"_raw_arguments\":\"[1,2]\"}", streamed("[1,2]", 1));
        ObjectNode whole = ResponseTranslator.toAnthropic(Fixtures.json("""
                {"choices":[{"message":{"role":"assistant","tool_calls":[
                  {"id":"call_1","type":"function","function":{"name":"A","arguments":"[1,2]"}}]},"finish_reason":"tool_calls"}]}"""),
                "msg_1", "m", ToolNames.none());
        assertEquals("{\"_raw_arguments\":\"[1,2]\"}", whole.get("content").get(0).get("input").toString());
    }

    @Test
    void pythonStyleLiteralsInArgumentsBecomeJson() {
        assertEquals("{\"a\":true,\"b\":null,\"c\":\"NaN\"}", streamed("{\"a\":True,\"b\":None,\"c\":NaN}", 2));
    }

    @Test
    void rawNewlinesInNonStreamedArgumentsAreAccepted() {
        ObjectNode whole = ResponseTranslator.toAnthropic(Fixtures.json("""
                {"choices":[{"message":{"role":"assistant","tool_calls":[
                  {"id":"call_1","type":"function","function":{"name":"Write","arguments":"{\\"content\\":\\"a\\nb\\"}"}}]}}]}"""
                .replace("a\\\\nb", "a\\nb")), "msg_1", "m", ToolNames.none());
        assertEquals("a\nb", whole.get("content").get(0).get("input").get("content").asText());
    }

    @Test
    void duplicateUpstreamToolCallIdsAreMadeUnique() {
        List<SseEvent> events = run(List.of(tool(0, "call_0", "A", "{}"), tool(1, "call_0", "B", "{}")));
        Message message = SdkStreamCheck.accumulateEvents(events);
        assertEquals("toolu_0", message.content().get(0).asToolUse().id());
        assertEquals("toolu_0_1", message.content().get(1).asToolUse().id());
    }

    @Test
    void finishReasonToolCallsWithoutAnyCallIsEndTurn() {
        List<SseEvent> events = run(List.of(text("done"), finish("tool_calls")));
        assertEquals(StopReason.END_TURN, SdkStreamCheck.accumulateEvents(events).stopReason().orElseThrow());
    }

    @Test
    void emptyPlaceholderToolFragmentDoesNotBecomeABlock() {
        StreamTranslator translator = new StreamTranslator("msg_1", "m", ToolNames.none(), 1);
        translator.onChunk(text("hi"));
        translator.onChunk(Chunks.delta((ObjectNode) Fixtures.json("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\"}}]}")));
        assertEquals("0:text_delta", shape(translator.onChunk(text(" there"))), "text is not held up");
        assertTrue(translator.onChunk(finish("stop")).isEmpty());
        assertEquals("0- | delta:end_turn | stop", shape(translator.finish()));
    }

    @Test
    void toolCallThatNeverGetsANameIsEmittedAsUnnamed() {
        List<SseEvent> events = run(List.of(tool(0, "call_1", null, "{\"x\":1}"), finish("tool_calls")));
        Message message = SdkStreamCheck.accumulateEvents(events);
        assertEquals(StreamTranslator.UNNAMED_TOOL, message.content().get(0).asToolUse().name());
    }

    @Test
    void toolCallFragmentsWithoutIndexAreKeyedById() {
        List<SseEvent> events = run(List.of(
                Chunks.delta((ObjectNode) Fixtures.json("{\"tool_calls\":[{\"id\":\"call_a\",\"function\":{\"name\":\"A\",\"arguments\":\"{\\\"n\\\":1}\"}}]}")),
                Chunks.delta((ObjectNode) Fixtures.json("{\"tool_calls\":[{\"id\":\"call_b\",\"function\":{\"name\":\"B\",\"arguments\":\"{\\\"n\\\":2}\"}}]}")),
                finish("tool_calls")));
        Message message = SdkStreamCheck.accumulateEvents(events);
        assertEquals(2, message.content().size());
        assertEquals("B", message.content().get(1).asToolUse().name());
    }

    @Test
    void textArrivingWhileAToolCallIsIncompleteWaitsForIt() {
        List<SseEvent> events = run(List.of(tool(0, "call_1", "A", "{\"k\":"), text("aside"), tool(0, null, null, "2}"),
                finish("tool_calls")));
        assertEquals("start | 0+tool_use | 0:input_json_delta*3 | 0- | 1+text | 1:text_delta | 1- | delta:tool_use | stop",
                shape(events));
        Message message = SdkStreamCheck.accumulateEvents(events);
        assertEquals(Map.of("k", 2), StreamTranslatorTest.input(message.content().get(0)));
        assertEquals("aside", message.content().get(1).asText().text());
    }

    @Test
    void wholeMessageReplayedAsAStreamIsValid() {
        ObjectNode message = ResponseTranslator.toAnthropic(Fixtures.json("""
                {"choices":[{"message":{"role":"assistant","reasoning_content":"hmm","content":"Doing it.","tool_calls":[
                  {"id":"call_1","type":"function","function":{"name":"A","arguments":"{\\"x\\":[1]}"}}]},"finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":10,"completion_tokens":3}}"""), "msg_r", "claude-x", ToolNames.none());
        List<SseEvent> events = WholeMessageEvents.events(message);
        assertEquals("start | 0+thinking | 0:thinking_delta | 0:signature_delta | 0- | 1+text | 1:text_delta | 1- "
                + "| 2+tool_use | 2:input_json_delta | 2- | delta:tool_use | stop", shape(events));
        Message accumulated = SdkStreamCheck.accumulateEvents(events);
        assertEquals("toolu_1", accumulated.content().get(2).asToolUse().id());
        assertEquals(10, accumulated.usage().inputTokens());
        assertEquals(3, accumulated.usage().outputTokens());
    }

    @Test
    void thinkingBudgetFollowsTheClampedMaxTokens() {
        ObjectNode fixture = Fixtures.request("05_model_claude-sonnet-4-5_request.json"); // 32000 with budget 31999
        ObjectNode body = RequestTranslator.toOpenAi(fixture, new UpstreamTarget("up", 16000, true)).body();
        assertEquals(16000, body.get("max_tokens").asInt());
        assertEquals(15999, body.get("thinking").get("budget_tokens").asInt());
        assertEquals(31999, fixture.get("thinking").get("budget_tokens").asInt(), "input left untouched");
        ObjectNode tiny = RequestTranslator.toOpenAi(fixture, new UpstreamTarget("up", 1000, true)).body();
        assertFalse(tiny.has("thinking"));
    }

    @Test
    void unsafeOrLongToolIdsInHistoryAreReplacedConsistently() {
        String id = "toolu_" + "x".repeat(50) + ".y";
        ArrayNode out = (ArrayNode) RequestTranslator.toOpenAi(RequestTranslatorTest.request("""
                {"messages":[{"role":"user","content":"go"},
                  {"role":"assistant","content":[{"type":"tool_use","id":"%s","name":"A","input":{}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"%s","content":"ok"}]}]}""".formatted(id, id)),
                RequestTranslatorTest.TARGET).body().get("messages");
        String callId = out.get(1).get("tool_calls").get(0).get("id").asText();
        assertTrue(callId.matches("[a-zA-Z0-9_-]{1,40}"), callId);
        assertEquals(callId, out.get(2).get("tool_call_id").asText());
    }

    @Test
    void whitespaceOnlyTextIsNotSent() {
        ArrayNode out = (ArrayNode) RequestTranslator.toOpenAi(RequestTranslatorTest.request("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"hi"},{"type":"text","text":"\\n  "}]},
                  {"role":"assistant","content":"  "},{"role":"user","content":"again"}]}"""),
                RequestTranslatorTest.TARGET).body().get("messages");
        assertEquals(List.of("user"), RequestTranslatorTest.roles(out));
        assertEquals("hi\n\nagain", out.get(0).get("content").asText());
    }

    @Test
    void systemMessageWithExtraKeysAndEmptyContentIsIgnored() {
        // 07 sends {"role":"system","content":[],"output_config":{...}} as the last message.
        ObjectNode body = RequestTranslator.toOpenAi(Fixtures.request("07_bare_x-api-key_request.json"),
                RequestTranslatorTest.TARGET).body();
        RequestTranslatorTest.assertWellFormed(body);
        assertFalse(body.get("messages").toString().contains("output_config"));
    }
}
