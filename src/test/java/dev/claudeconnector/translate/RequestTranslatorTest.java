package dev.claudeconnector.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** One test per request rule (Anthropic to OpenAI), built on the recorded Claude Code requests where possible. */
class RequestTranslatorTest {
    static final UpstreamTarget TARGET = new UpstreamTarget("upstream-claude", 64000, false);
    static final UpstreamTarget EXTENDED = new UpstreamTarget("upstream-claude", 64000, true);
    static final Set<String> ALLOWED_KEYS = Set.of("model", "messages", "max_tokens", "stream", "stream_options",
            "temperature", "top_p", "stop", "tools", "tool_choice", "parallel_tool_calls", "user", "top_k",
            "thinking", "context_management", "output_config");

    static ObjectNode translate(JsonNode request) {
        return RequestTranslator.toOpenAi(request, TARGET).body();
    }

    /**
     * A Messages request written inline. max_tokens (required) is added as 1024 when the JSON
     * leaves it out, so each test shows only the fields its rule is about; a test of max_tokens
     * itself uses {@link Fixtures#json}.
     */
    static ObjectNode request(String json) {
        ObjectNode request = (ObjectNode) Fixtures.json(json);
        if (!request.has("max_tokens")) {
            request.put("max_tokens", 1024);
        }
        return request;
    }

    static ArrayNode messages(ObjectNode body) {
        return (ArrayNode) body.get("messages");
    }

    static String invalidMessage(String json) {
        return assertThrows(InvalidRequestException.class, () -> translate(request(json))).getMessage();
    }

    // ---- system ----

    @Test
    void systemTextBlocksBecomeOneLeadingSystemMessageWithoutCacheControl() {
        ObjectNode fixture = Fixtures.request("05_model_claude-sonnet-4-5_request.json");
        ArrayNode out = messages(translate(fixture));
        JsonNode system = out.get(0);
        assertEquals("system", system.get("role").asText());
        assertTrue(system.get("content").isTextual());
        String expected = fixture.get("system").get(0).get("text").asText() + "\n\n"
                + fixture.get("system").get(1).get("text").asText();
        assertTrue(system.get("content").asText().startsWith(expected));
        assertFalse(system.toString().contains("cache_control"));
        assertEquals(1, count(out, "system"));
    }

    @Test
    void systemStringBecomesLeadingSystemMessage() {
        ObjectNode body = translate(request("""
                {"system":"Be brief.","messages":[{"role":"user","content":"hi"}]}"""));
        assertEquals("{\"role\":\"system\",\"content\":\"Be brief.\"}", messages(body).get(0).toString());
    }

    @Test
    void systemMessagesInsideMessagesAreFoldedIntoLeadingSystemMessage() {
        // 03 has a system message in the middle (string content); 01 has one at the end (block list).
        for (String name : List.of("03_write_tool_result_request.json", "01_default_text_request.json")) {
            ObjectNode fixture = Fixtures.request(name);
            ArrayNode out = messages(translate(fixture));
            assertEquals(1, count(out, "system"), name);
            String system = out.get(0).get("content").asText();
            JsonNode inner = fixture.get("messages").get(1).get("content");
            String innerText = inner.isTextual() ? inner.asText() : inner.get(0).get("text").asText();
            assertTrue(system.endsWith("\n\n" + innerText), name);
            for (int i = 1; i < out.size(); i++) {
                assertNotEquals("system", out.get(i).get("role").asText(), name);
            }
        }
    }

    @Test
    void emptySystemMessageIsNotSent() {
        // 07: the system message has content [] and is the last message.
        ArrayNode out = messages(translate(Fixtures.request("07_bare_x-api-key_request.json")));
        assertEquals("system", out.get(0).get("role").asText());
        assertEquals("user", out.get(out.size() - 1).get("role").asText());
        ArrayNode noSystem = messages(translate(request("""
                {"system":[],"messages":[{"role":"system","content":""},{"role":"user","content":"hi"}]}""")));
        assertEquals(1, noSystem.size());
        assertEquals("user", noSystem.get(0).get("role").asText());
    }

    // ---- user content ----

    @Test
    void textOnlyMessageUsesStringContent() {
        ObjectNode fixture = Fixtures.request("01_default_text_request.json");
        JsonNode user = messages(translate(fixture)).get(1);
        JsonNode blocks = fixture.get("messages").get(0).get("content");
        assertEquals(blocks.get(0).get("text").asText() + "\n\n" + blocks.get(1).get("text").asText(),
                user.get("content").asText());
    }

    @Test
    void imagesUseContentPartsWithDataOrPlainUrls() {
        ArrayNode out = messages(translate(request("""
                {"messages":[{"role":"user","content":[
                  {"type":"text","text":"compare"},
                  {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
                  {"type":"image","source":{"type":"url","url":"https://example.com/a.jpg"}}]}]}""")));
        assertEquals("""
                [{"type":"text","text":"compare"},\
                {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},\
                {"type":"image_url","image_url":{"url":"https://example.com/a.jpg"}}]""",
                out.get(0).get("content").toString());
    }

    @Test
    void textDocumentsBecomeTextPrefixedWithTheirTitle() {
        ArrayNode out = messages(translate(request("""
                {"messages":[{"role":"user","content":[
                  {"type":"document","title":"notes.txt","source":{"type":"text","media_type":"text/plain","data":"line one"}},
                  {"type":"document","source":{"type":"content","content":[{"type":"text","text":"chunk A"}]}},
                  {"type":"text","text":"summarise"}]}]}""")));
        assertEquals("notes.txt\n\nline one\n\nchunk A\n\nsummarise", out.get(0).get("content").asText());
    }

    @Test
    void binaryDocumentIsRejectedNamingTheBlockAndWhatToDo() {
        String message = invalidMessage("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"read this"},
                  {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0="}}]}]}""");
        assertTrue(message.startsWith("messages[0].content[1]: "), message);
        assertTrue(message.contains("application/pdf") && message.contains("paste"), message);
    }

    // ---- assistant ----

    @Test
    void assistantToolUseBecomesToolCallsWithJsonArguments() {
        JsonNode assistant = messages(translate(Fixtures.request("03_write_tool_result_request.json"))).get(2);
        assertEquals("assistant", assistant.get("role").asText());
        assertEquals("I will create the file.", assistant.get("content").asText());
        JsonNode call = assistant.get("tool_calls").get(0);
        assertEquals("toolu_00a56eb37aeb410f90d4529a", call.get("id").asText());
        assertEquals("function", call.get("type").asText());
        assertEquals("Write", call.get("function").get("name").asText());
        assertEquals(Fixtures.json("{\"file_path\":\"/home/user/project/hello.txt\",\"content\":\"hi from proxy test\"}"),
                Fixtures.json(call.get("function").get("arguments").asText()));
    }

    @Test
    void assistantContentIsNullWhenThereAreOnlyToolCalls() {
        JsonNode assistant = messages(translate(Fixtures.request("10_toolsearch_tool_reference_result_request.json"))).get(2);
        assertTrue(assistant.get("content").isNull());
        assertEquals("ToolSearch", assistant.get("tool_calls").get(0).get("function").get("name").asText());
    }

    // ---- tool results ----

    @Test
    void toolResultsBecomeToolMessagesRightAfterTheAssistantMessage() {
        ObjectNode fixture = Fixtures.request("03_write_tool_result_request.json");
        ArrayNode out = messages(translate(fixture));
        assertEquals(4, out.size());
        JsonNode tool = out.get(3);
        assertEquals("tool", tool.get("role").asText());
        assertEquals("toolu_00a56eb37aeb410f90d4529a", tool.get("tool_call_id").asText());
        assertEquals(fixture.get("messages").get(3).get("content").get(0).get("content").asText(), tool.get("content").asText());
    }

    @Test
    void toolResultsKeepTheirOrder() {
        ArrayNode out = messages(translate(request("""
                {"messages":[{"role":"user","content":"go"},
                  {"role":"assistant","content":[{"type":"tool_use","id":"toolu_a","name":"Read","input":{}},
                                                 {"type":"tool_use","id":"toolu_b","name":"Read","input":{}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_b","content":"B"},
                                            {"type":"tool_result","tool_use_id":"toolu_a","content":"A"}]}]}""")));
        assertEquals(List.of("user", "assistant", "tool", "tool"), roles(out));
        assertEquals("toolu_b", out.get(2).get("tool_call_id").asText());
        assertEquals("toolu_a", out.get(3).get("tool_call_id").asText());
    }

    @Test
    void toolReferenceBecomesToolLoadedText() {
        ArrayNode out = messages(translate(Fixtures.request("10_toolsearch_tool_reference_result_request.json")));
        assertEquals("tool", out.get(3).get("role").asText());
        assertEquals("Tool loaded: WebFetch", out.get(3).get("content").asText());
    }

    @Test
    void textBesideToolResultsGoesIntoAUserMessageAfterTheToolMessages() {
        ArrayNode out = messages(translate(Fixtures.request("10_toolsearch_tool_reference_result_request.json")));
        assertEquals(List.of("system", "user", "assistant", "tool", "user"), roles(out));
        assertEquals("Tool loaded.", out.get(4).get("content").asText());
    }

    @Test
    void toolResultImagesGoIntoOneUserMessageAfterTheToolMessages() {
        ArrayNode out = messages(translate(request("""
                {"messages":[{"role":"user","content":"shoot"},
                  {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"Shot","input":{}},
                                                 {"type":"tool_use","id":"toolu_2","name":"Shot","input":{}}]},
                  {"role":"user","content":[
                    {"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"first"},
                       {"type":"image","source":{"type":"url","url":"https://x/1.png"}}]},
                    {"type":"tool_result","tool_use_id":"toolu_2","content":[
                       {"type":"image","source":{"type":"url","url":"https://x/2.png"}}]},
                    {"type":"text","text":"what do you see?"}]}]}""")));
        assertEquals(List.of("user", "assistant", "tool", "tool", "user"), roles(out));
        assertEquals("first\n\n(1 image attached in the next user message)", out.get(2).get("content").asText());
        assertEquals("(1 image attached in the next user message)", out.get(3).get("content").asText());
        JsonNode parts = out.get(4).get("content");
        assertEquals(3, parts.size());
        assertEquals("https://x/1.png", parts.get(0).get("image_url").get("url").asText());
        assertEquals("https://x/2.png", parts.get(1).get("image_url").get("url").asText());
        assertEquals("what do you see?", parts.get(2).get("text").asText());
    }

    @Test
    void toolResultErrorIsMarkedInTheText() {
        ArrayNode out = messages(translate(request("""
                {"messages":[{"role":"user","content":"go"},
                  {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"Bash","input":{"command":"false"}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","is_error":true,"content":"exit 1"}]}]}""")));
        assertEquals("[tool error] exit 1", out.get(2).get("content").asText());
        // 04 has is_error:false: no mark
        ArrayNode fixture = messages(translate(Fixtures.request("04_bash_tool_result_request.json")));
        assertEquals("(Bash completed with no output)", fixture.get(3).get("content").asText());
    }

    @Test
    void emptyToolResultGetsPlaceholderText() {
        ArrayNode out = messages(translate(request("""
                {"messages":[{"role":"user","content":"go"},
                  {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"A","input":{}},
                                                 {"type":"tool_use","id":"toolu_2","name":"A","input":{}},
                                                 {"type":"tool_use","id":"toolu_3","name":"A","input":{}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":""},
                                            {"type":"tool_result","tool_use_id":"toolu_2","content":[]},
                                            {"type":"tool_result","tool_use_id":"toolu_3"}]}]}""")));
        for (int i = 2; i <= 4; i++) {
            assertEquals("(no output)", out.get(i).get("content").asText());
        }
    }

    // ---- dropped content ----

    @Test
    void thinkingBlocksAndEmptyTextAreDroppedAndEmptyMessagesWithThem() {
        ArrayNode out = messages(translate(request("""
                {"messages":[{"role":"user","content":"hi"},
                  {"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":""},
                                                 {"type":"redacted_thinking","data":"xx"},{"type":"text","text":""}]},
                  {"role":"assistant","content":[{"type":"thinking","thinking":"ok","signature":"sig"},{"type":"text","text":"Hello"}]},
                  {"role":"user","content":[{"type":"text","text":""}]},
                  {"role":"user","content":"next"}]}""")));
        assertEquals(List.of("user", "assistant", "user"), roles(out));
        assertEquals("Hello", out.get(1).get("content").asText());
        assertFalse(out.toString().contains("thinking"));
    }

    // ---- repairs the upstream needs ----

    @Test
    void adjacentUserMessagesAreMerged() {
        ArrayNode out = messages(translate(request("""
                {"messages":[{"role":"user","content":"one"},{"role":"system","content":"note"},{"role":"user","content":"two"}]}""")));
        assertEquals(List.of("system", "user"), roles(out));
        assertEquals("one\n\ntwo", out.get(1).get("content").asText());
    }

    @Test
    void toolResultWithoutMatchingCallBecomesUserText() {
        ArrayNode out = messages(translate(request("""
                {"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_gone","content":"42"},
                                                       {"type":"text","text":"continue"}]}]}""")));
        assertEquals(List.of("user"), roles(out));
        assertEquals("[result of tool call toolu_gone]\n42\n\ncontinue", out.get(0).get("content").asText());
    }

    @Test
    void toolCallWithoutResultGetsPlaceholderResult() {
        ArrayNode out = messages(translate(request("""
                {"messages":[{"role":"user","content":"go"},
                  {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"A","input":{}}]},
                  {"role":"user","content":"never mind"}]}""")));
        assertEquals(List.of("user", "assistant", "tool", "user"), roles(out));
        assertEquals("toolu_1", out.get(2).get("tool_call_id").asText());
    }

    // ---- every recorded request ----

    @ParameterizedTest
    @FieldSource("dev.claudeconnector.translate.Fixtures#REQUESTS")
    void everyRecordedRequestTranslatesToAWellFormedOpenAiRequest(String name) {
        OpenAiRequest result = RequestTranslator.toOpenAi(Fixtures.request(name), TARGET);
        assertWellFormed(result.body());
        assertEquals(result.stream(), result.body().get("stream").asBoolean());
    }

    /** The invariants every translated request must satisfy, whatever the input. */
    static void assertWellFormed(ObjectNode body) {
        assertTrue(ALLOWED_KEYS.containsAll(keys(body)), "unexpected keys " + keys(body));
        String all = body.toString();
        assertFalse(all.contains("\"$schema\""), "$schema sent");
        assertFalse(all.contains("cache_control"), "cache_control sent");
        assertFalse(body.has("tools") && body.get("tools").isEmpty(), "tools: [] sent");
        ArrayNode messages = messages(body);
        assertFalse(messages.isEmpty());
        Set<String> openCalls = new HashSet<>();
        String previous = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String role = message.get("role").asText();
            assertTrue(Set.of("system", "user", "assistant", "tool").contains(role), role);
            assertTrue(!role.equals("system") || i == 0, "system message not first");
            JsonNode content = message.get("content");
            if (!role.equals("tool")) {
                // leaving an assistant message with calls (or its results): every call was answered
                assertTrue(openCalls.isEmpty(), "unanswered calls " + openCalls + " before message " + i);
            }
            if (role.equals("assistant") && message.has("tool_calls")) {
                assertTrue(content.isNull() || !content.asText().isBlank(), "empty assistant content at " + i);
                message.get("tool_calls").forEach(call -> openCalls.add(call.get("id").asText()));
            } else if (role.equals("tool")) {
                assertTrue("assistant".equals(previous) || "tool".equals(previous), "tool message at " + i + " after " + previous);
                assertTrue(openCalls.remove(message.get("tool_call_id").asText()), "tool result without call at " + i);
                assertFalse(content.asText().isBlank(), "empty tool content at " + i);
            } else {
                assertTrue(content.isArray() ? !content.isEmpty() : !content.asText().isBlank(), "empty content at " + i);
            }
            previous = role;
        }
    }

    static JsonNode choice(String tools, String choice) {
        return translate(request("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]," + tools + ",\"tool_choice\":" + choice + "}"))
                .get("tool_choice");
    }

    static List<String> roles(ArrayNode messages) {
        List<String> roles = new ArrayList<>();
        messages.forEach(m -> roles.add(m.get("role").asText()));
        return roles;
    }

    static long count(ArrayNode messages, String role) {
        return roles(messages).stream().filter(role::equals).count();
    }

    static Set<String> keys(JsonNode node) {
        Set<String> keys = new HashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    static JsonNode find(JsonNode tools, String name) {
        for (JsonNode tool : tools) {
            if (tool.get("function").get("name").asText().equals(name)) {
                return tool;
            }
        }
        throw new AssertionError("no tool " + name);
    }
}
