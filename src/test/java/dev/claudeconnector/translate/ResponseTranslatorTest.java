package dev.claudeconnector.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One test per response rule (non-streaming OpenAI completion to Anthropic message). */
class ResponseTranslatorTest {
    static final String ID = "msg_01TestMessage";

    static ObjectNode translate(String openAiJson) {
        return translate(openAiJson, ToolNames.none());
    }

    static ObjectNode translate(String openAiJson, ToolNames names) {
        return ResponseTranslator.toAnthropic(Fixtures.json(openAiJson), ID, "claude-opus-5-5", names);
    }

    static String completion(String message, String finishReason) {
        return """
                {"id":"chatcmpl-1","object":"chat.completion","model":"up","choices":[{"index":0,"message":%s,"finish_reason":%s}],
                 "usage":{"prompt_tokens":100,"completion_tokens":20,"total_tokens":120}}""".formatted(message, finishReason);
    }

    @Test
    void messageEnvelopeCarriesCallerIdRequestedModelAndNullStopSequence() {
        ObjectNode out = translate(completion("{\"role\":\"assistant\",\"content\":\"Hi\"}", "\"stop\""));
        assertEquals("""
                {"id":"msg_01TestMessage","type":"message","role":"assistant","model":"claude-opus-5-5",\
                "content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn","stop_sequence":null,\
                "usage":{"input_tokens":100,"output_tokens":20,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}""",
                out.toString());
    }

    @Test
    void reasoningBecomesALeadingThinkingBlock() {
        for (String field : List.of("reasoning_content", "reasoning")) {
            ObjectNode out = translate(completion(
                    "{\"role\":\"assistant\",\"content\":\"42\",\"" + field + "\":\"Let me think.\"}", "\"stop\""));
            assertEquals("[{\"type\":\"thinking\",\"thinking\":\"Let me think.\",\"signature\":\"\"},{\"type\":\"text\",\"text\":\"42\"}]",
                    out.get("content").toString(), field);
        }
    }

    @Test
    void contentStringOrTextPartsBecomeOneTextBlock() {
        ObjectNode parts = translate(completion(
                "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]}", "\"stop\""));
        assertEquals("[{\"type\":\"text\",\"text\":\"ab\"}]", parts.get("content").toString());
    }

    @Test
    void emptyContentIsOmitted() {
        for (String content : List.of("\"\"", "null")) {
            ObjectNode out = translate(completion("{\"role\":\"assistant\",\"content\":" + content + "}", "\"stop\""));
            assertEquals("[]", out.get("content").toString(), content);
        }
    }

    @Test
    void toolCallsBecomeToolUseBlocksWithParsedInputAndAnthropicNames() {
        String longName = "mcp__server__" + "x".repeat(70);
        ToolNames names = ToolNames.of(List.of("Write", longName));
        ObjectNode out = translate(completion("""
                {"role":"assistant","content":"Writing.","tool_calls":[
                  {"id":"call_abc123","type":"function","function":{"name":"Write","arguments":"{\\"file_path\\":\\"/a\\",\\"content\\":\\"x\\"}"}},
                  {"id":"call_def456","type":"function","function":{"name":"%s","arguments":"{}"}}]}""".formatted(names.toUpstream(longName)),
                "\"tool_calls\""), names);
        JsonNode content = out.get("content");
        assertEquals("{\"type\":\"text\",\"text\":\"Writing.\"}", content.get(0).toString());
        assertEquals("{\"type\":\"tool_use\",\"id\":\"toolu_abc123\",\"name\":\"Write\",\"input\":{\"file_path\":\"/a\",\"content\":\"x\"}}",
                content.get(1).toString());
        assertEquals(longName, content.get(2).get("name").asText());
        assertEquals("tool_use", out.get("stop_reason").asText());
    }

    @Test
    void emptyArgumentsBecomeEmptyInput() {
        ObjectNode out = translate(completion("""
                {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"List","arguments":""}}]}""",
                "\"tool_calls\""));
        assertEquals("{}", out.get("content").get(0).get("input").toString());
    }

    @Test
    void unparsableArgumentsAreKeptWholeUnderRawArguments() {
        ObjectNode out = translate(completion("""
                {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"A","arguments":"{not json"}}]}""",
                "\"tool_calls\""));
        assertEquals("{\"_raw_arguments\":\"{not json\"}", out.get("content").get(0).get("input").toString());
    }

    @Test
    void toolUseIdsAreToolPrefixedStableAndDerivedWhenMissing() {
        ObjectNode out = translate(completion("""
                {"role":"assistant","tool_calls":[
                  {"id":"toolu_keep","type":"function","function":{"name":"A","arguments":"{}"}},
                  {"type":"function","function":{"name":"A","arguments":"{}"}},
                  {"id":"plain-id","type":"function","function":{"name":"A","arguments":"{}"}}]}""", "\"tool_calls\""));
        assertEquals("toolu_keep", out.get("content").get(0).get("id").asText());
        assertEquals("toolu_01TestMessage_1", out.get("content").get(1).get("id").asText());
        assertEquals("toolu_plain-id", out.get("content").get(2).get("id").asText());
        assertEquals(out, translate(completion("""
                {"role":"assistant","tool_calls":[
                  {"id":"toolu_keep","type":"function","function":{"name":"A","arguments":"{}"}},
                  {"type":"function","function":{"name":"A","arguments":"{}"}},
                  {"id":"plain-id","type":"function","function":{"name":"A","arguments":"{}"}}]}""", "\"tool_calls\"")));
    }

    @ParameterizedTest
    @CsvSource({"stop,end_turn", "length,max_tokens", "tool_calls,end_turn", "function_call,end_turn",
            "content_filter,refusal", "something_new,end_turn"})
    void finishReasonMapsToStopReason(String finishReason, String stopReason) {
        ObjectNode out = translate(completion("{\"role\":\"assistant\",\"content\":\"x\"}", "\"" + finishReason + "\""));
        assertEquals(stopReason, out.get("stop_reason").asText());
    }

    @Test
    void nullFinishReasonIsEndTurn() {
        assertEquals("end_turn", translate(completion("{\"role\":\"assistant\",\"content\":\"x\"}", "null")).get("stop_reason").asText());
    }

    @Test
    void stopOrNullWithToolCallsIsToolUse() {
        for (String reason : List.of("\"stop\"", "null")) {
            ObjectNode out = translate(completion("""
                    {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"A","arguments":"{}"}}]}""", reason));
            assertEquals("tool_use", out.get("stop_reason").asText(), reason);
        }
    }

    @Test
    void lengthWithToolCallsStaysMaxTokens() {
        ObjectNode out = translate(completion("""
                {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"A","arguments":"{}"}}]}""", "\"length\""));
        assertEquals("max_tokens", out.get("stop_reason").asText());
    }

    @Test
    void usageSubtractsCachedTokensFromInput() {
        ObjectNode out = translate("""
                {"choices":[{"message":{"role":"assistant","content":"x"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":1000,"completion_tokens":7,"prompt_tokens_details":{"cached_tokens":800}}}""");
        assertEquals("{\"input_tokens\":200,\"output_tokens\":7,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":800}",
                out.get("usage").toString());
    }

    @Test
    void missingUsageIsZero() {
        ObjectNode out = translate("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"x\"},\"finish_reason\":\"stop\"}]}");
        assertEquals("{\"input_tokens\":0,\"output_tokens\":0,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0}",
                out.get("usage").toString());
    }

    @Test
    void bodyWithoutChoicesIsAnUpstreamFormatError() {
        for (String body : List.of("{\"object\":\"chat.completion\"}", "{\"choices\":[]}", "{\"choices\":[{\"index\":0}]}")) {
            UpstreamFormatException e = assertThrows(UpstreamFormatException.class, () -> translate(body));
            assertTrue(e.getMessage().contains("choices"), e.getMessage());
        }
    }

    @Test
    void nullOrNonObjectBodyIsAnUpstreamFormatError() {
        assertTrue(assertThrows(UpstreamFormatException.class,
                () -> ResponseTranslator.toAnthropic(null, ID, "m", ToolNames.none())).getMessage().contains("empty"));
        assertTrue(assertThrows(UpstreamFormatException.class, () -> translate("null")).getMessage().contains("empty"));
        assertTrue(assertThrows(UpstreamFormatException.class, () -> translate("[1]")).getMessage().contains("an array"));
        assertTrue(assertThrows(UpstreamFormatException.class, () -> translate("\"oops\"")).getMessage().contains("a string"));
    }

    @Test
    void bodyWithoutChoicesIsAFormatError() {
        // Errors inside 2xx bodies are read by the proxy first (openwebui.FailureReading); here they are just not completions.
        assertTrue(assertThrows(UpstreamFormatException.class, () -> translate("{\"error\":\"boom\"}"))
                .getMessage().contains("no choices"));
        assertEquals("upstream error: Not authenticated", assertThrows(UpstreamFormatException.class,
                () -> translate("{\"detail\":\"Not authenticated\"}")).getMessage());
    }
}
