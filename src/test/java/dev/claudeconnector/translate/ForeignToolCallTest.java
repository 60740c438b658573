package dev.claudeconnector.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static dev.claudeconnector.translate.Chunks.finish;
import static dev.claudeconnector.translate.Chunks.shape;
import static dev.claudeconnector.translate.Chunks.text;
import static dev.claudeconnector.translate.Chunks.tool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Open WebUI 0.7.0–0.8.3 with native function calling replaces the client's tools by its built-ins;
 * 0.8.4–0.9.6 add them to tool-less requests (utils/middleware.py, process_chat_payload). A call to
 * a tool the client did not offer never reaches it as tool_use.
 */
class ForeignToolCallTest {
    static final ToolNames OFFERS_READ = ToolNames.forRequest(List.of("Read"), Set.of("Read"));
    static final ToolNames OFFERS_NONE = ToolNames.forRequest(List.of(), Set.of());

    static StreamTranslator stream(ToolNames names) {
        return new StreamTranslator("msg_1", "m", names, 10);
    }

    static String completion(String content, String toolName) {
        return """
                {"choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":%s,
                 "tool_calls":[{"id":"call_1","type":"function","function":{"name":"%s","arguments":"{}"}}]}}]}"""
                .formatted(content, toolName);
    }

    @Test
    void streamWithToolsEndsWithoutStopWhenTheModelCallsABuiltIn() {
        StreamTranslator t = stream(OFFERS_READ);
        var events = Chunks.run(t, List.of(text("Let me check the time."),
                tool(0, "call_1", "get_current_timestamp", "{}"), tool(0, null, null, ""), finish("tool_calls")));
        assertEquals("start | 0+text | 0:text_delta | 0-", shape(events));
        assertEquals(new ForeignToolCall("get_current_timestamp", true), t.refusedToolCall().orElseThrow());
        assertTrue(t.finished());
    }

    @Test
    void streamWithToolsKeepsCallsToOfferedTools() {
        StreamTranslator t = stream(OFFERS_READ);
        var events = Chunks.run(t, List.of(tool(0, "call_1", "Read", "{\"file_path\":\"/a\"}"), finish("tool_calls")));
        assertEquals("start | 0+tool_use | 0:input_json_delta*2 | 0- | delta:tool_use | stop", shape(events));
        assertTrue(t.refusedToolCall().isEmpty());
    }

    @Test
    void toolLessStreamKeepsTheTextAndDropsTheInjectedCall() {
        StreamTranslator t = stream(OFFERS_NONE);
        var events = Chunks.run(t, List.of(text("It is noon."),
                tool(0, "call_1", "get_current_timestamp", "{}"), finish("tool_calls")));
        assertEquals("start | 0+text | 0:text_delta | 0- | delta:end_turn | stop", shape(events));
        assertTrue(t.refusedToolCall().isEmpty());
        SdkStreamCheck.accumulateEvents(events);
    }

    @Test
    void toolLessStreamWithNothingButAnInjectedCallIsRefused() {
        StreamTranslator t = stream(OFFERS_NONE);
        var events = Chunks.run(t, List.of(tool(0, "call_1", "search_chats", "{\"q\":\"x\"}"), finish("tool_calls")));
        assertEquals("start", shape(events));
        assertEquals(new ForeignToolCall("search_chats", false), t.refusedToolCall().orElseThrow());
    }

    @Test
    void unknownOfferedToolsCheckNothing() {
        StreamTranslator t = stream(ToolNames.none());
        Chunks.run(t, List.of(tool(0, "call_1", "anything", "{}")));
        assertTrue(t.refusedToolCall().isEmpty());
    }

    @Test
    void wholeAnswerWithToolsIsRefusedForABuiltInCall() {
        ForeignToolCallException e = assertThrows(ForeignToolCallException.class, () -> ResponseTranslator
                .toAnthropic(Fixtures.json(completion("\"checking\"", "get_current_timestamp")), "msg_1", "m", OFFERS_READ));
        assertEquals(new ForeignToolCall("get_current_timestamp", true), e.call());
    }

    @Test
    void toolLessWholeAnswerKeepsTheTextAlone() {
        ObjectNode message = ResponseTranslator.toAnthropic(
                Fixtures.json(completion("\"It is noon.\"", "get_current_timestamp")), "msg_1", "m", OFFERS_NONE);
        assertEquals("[{\"type\":\"text\",\"text\":\"It is noon.\"}]", message.get("content").toString());
        assertEquals("end_turn", message.get("stop_reason").asText());
    }

    @Test
    void toolLessWholeAnswerWithOnlyAnInjectedCallIsRefused() {
        ForeignToolCallException e = assertThrows(ForeignToolCallException.class, () -> ResponseTranslator
                .toAnthropic(Fixtures.json(completion("null", "search_chats")), "msg_1", "m", OFFERS_NONE));
        assertFalse(e.call().toolsOffered());
    }

    @Test
    void requestTranslationKnowsWhichToolsWereOffered() {
        OpenAiRequest withTools = RequestTranslator.toOpenAi(Fixtures.json("""
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}],
                 "tools":[{"name":"Read","input_schema":{"type":"object"}}]}"""), new UpstreamTarget("up", 100, false));
        assertTrue(withTools.toolNames().mayCall("Read"));
        assertFalse(withTools.toolNames().mayCall("get_current_timestamp"));
        OpenAiRequest without = RequestTranslator.toOpenAi(Fixtures.json("""
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}"""), new UpstreamTarget("up", 100, false));
        assertFalse(without.toolNames().offersTools());
        assertFalse(without.toolNames().mayCall("get_current_timestamp"));
    }
}
