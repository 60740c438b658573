package dev.claudeconnector.translate;

import static dev.claudeconnector.translate.RequestTranslatorTest.ALLOWED_KEYS;
import static dev.claudeconnector.translate.RequestTranslatorTest.EXTENDED;
import static dev.claudeconnector.translate.RequestTranslatorTest.TARGET;
import static dev.claudeconnector.translate.RequestTranslatorTest.choice;
import static dev.claudeconnector.translate.RequestTranslatorTest.find;
import static dev.claudeconnector.translate.RequestTranslatorTest.keys;
import static dev.claudeconnector.translate.RequestTranslatorTest.request;
import static dev.claudeconnector.translate.RequestTranslatorTest.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One test per request rule about tools, tool choice and the sampling/limit options. */
class RequestToolsAndOptionsTest {
    // ---- tools ----

    @Test
    void toolsBecomeFunctionsWithoutSchemaKeywordCacheControlOrDeferLoading() {
        ObjectNode fixture = Fixtures.request("10_toolsearch_tool_reference_result_request.json");
        JsonNode tools = translate(fixture).get("tools");
        assertEquals(fixture.get("tools").size(), tools.size());
        JsonNode write = find(tools, "Write");
        assertEquals("function", write.get("type").asText());
        assertEquals(Set.of("name", "description", "parameters"), keys(write.get("function")));
        JsonNode parameters = write.get("function").get("parameters");
        assertFalse(parameters.has("$schema"));
        assertEquals("object", parameters.get("type").asText());
        assertTrue(parameters.get("properties").has("file_path"));
        assertFalse(tools.toString().contains("defer_loading"));
        assertFalse(tools.toString().contains("cache_control"));
    }

    @Test
    void emptyOrMissingSchemaBecomesAnEmptyObjectSchemaAndTypelessSchemaGetsObjectType() {
        JsonNode tools = translate(request("""
                {"messages":[{"role":"user","content":"hi"}],"tools":[
                  {"name":"A","input_schema":{}},{"name":"B"},
                  {"name":"C","input_schema":{"properties":{"x":{"type":"string"}}}}]}""")).get("tools");
        assertEquals("{\"type\":\"object\",\"properties\":{}}", tools.get(0).get("function").get("parameters").toString());
        assertEquals("{\"type\":\"object\",\"properties\":{}}", tools.get(1).get("function").get("parameters").toString());
        assertEquals("object", tools.get(2).get("function").get("parameters").get("type").asText());
        // the recorded deferred tool (empty schema) keeps an object schema
        JsonNode deferred = find(translate(Fixtures.request("01_default_text_request.json")).get("tools"), "DeferredToolPlaceholder");
        assertEquals("{\"type\":\"object\",\"properties\":{}}", deferred.get("function").get("parameters").toString());
    }

    @Test
    void serverToolsAreDropped() {
        JsonNode tools = translate(request("""
                {"messages":[{"role":"user","content":"hi"}],"tools":[
                  {"type":"web_search_20250305","name":"web_search","max_uses":5},
                  {"type":"custom","name":"Read","input_schema":{"type":"object","properties":{}}}]}""")).get("tools");
        assertEquals(1, tools.size());
        assertEquals("Read", tools.get(0).get("function").get("name").asText());
    }

    @Test
    void longOrUnsafeToolNamesAreShortenedReversibly() {
        String longName = "mcp__a_very_long_server_name_for_testing__and_an_even_longer_tool_name_beyond_64";
        OpenAiRequest out = RequestTranslator.toOpenAi(request("""
                {"messages":[{"role":"user","content":"hi"}],"tools":[
                  {"name":"%s","input_schema":{}},{"name":"dotted.name","input_schema":{}}]}""".formatted(longName)), TARGET);
        String upstreamLong = out.body().get("tools").get(0).get("function").get("name").asText();
        String upstreamDotted = out.body().get("tools").get(1).get("function").get("name").asText();
        for (String name : List.of(upstreamLong, upstreamDotted)) {
            assertTrue(name.matches("[a-zA-Z0-9_-]{1,64}"), name);
        }
        assertTrue(upstreamLong.startsWith("mcp__a_very_long"));
        assertEquals(longName, out.toolNames().toAnthropic(upstreamLong));
        assertEquals("dotted.name", out.toolNames().toAnthropic(upstreamDotted));
        assertEquals("Read", out.toolNames().toAnthropic("Read"));
    }

    @Test
    void emptyToolListIsOmittedAndToolChoiceWithIt() {
        ObjectNode body = translate(request("""
                {"messages":[{"role":"user","content":"hi"}],"tools":[],"tool_choice":{"type":"auto"}}"""));
        assertFalse(body.has("tools"));
        assertFalse(body.has("tool_choice"));
        ObjectNode onlyServer = translate(request("""
                {"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"web_search_20250305","name":"web_search"}],
                 "tool_choice":{"type":"any","disable_parallel_tool_use":true}}"""));
        assertEquals(Set.of("model", "messages", "max_tokens", "stream"), keys(onlyServer));
    }

    @Test
    void toolChoiceMapsToOpenAiForms() {
        String tools = "\"tools\":[{\"name\":\"Read\",\"input_schema\":{}}]";
        assertEquals("\"auto\"", choice(tools, "{\"type\":\"auto\"}").toString());
        assertEquals("\"required\"", choice(tools, "{\"type\":\"any\"}").toString());
        assertEquals("\"none\"", choice(tools, "{\"type\":\"none\"}").toString());
        assertEquals("{\"type\":\"function\",\"function\":{\"name\":\"Read\"}}",
                choice(tools, "{\"type\":\"tool\",\"name\":\"Read\"}").toString());
    }

    @Test
    void disableParallelToolUseSetsParallelToolCallsFalse() {
        ObjectNode body = translate(request("""
                {"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"Read","input_schema":{}}],
                 "tool_choice":{"type":"auto","disable_parallel_tool_use":true}}"""));
        assertFalse(body.get("parallel_tool_calls").asBoolean(true));
        assertFalse(translate(request("""
                {"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"Read","input_schema":{}}],
                 "tool_choice":{"type":"auto"}}""")).has("parallel_tool_calls"));
    }

    // ---- parameters ----

    @Test
    void maxTokensIsClampedToTheModelLimit() {
        assertEquals(64000, translate(Fixtures.request("01_default_text_request.json")).get("max_tokens").asInt()); // 128000 asked
        assertEquals(32000, translate(Fixtures.request("05_model_claude-sonnet-4-5_request.json")).get("max_tokens").asInt());
    }

    @Test
    void countingNeedsNoMaxTokensAndOtherwiseTranslatesLikeAMessage() {
        JsonNode noMaxTokens = Fixtures.json("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(64000, RequestTranslator.forCounting(noMaxTokens, TARGET).body().get("max_tokens").asInt(),
                "the model's limit stands in");
        ObjectNode fixture = Fixtures.request("03_write_tool_result_request.json");
        assertEquals(translate(fixture), RequestTranslator.forCounting(fixture, TARGET).body());
        ObjectNode bad = request("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":\"many\"}");
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> RequestTranslator.forCounting(bad, TARGET));
        assertTrue(e.getMessage().startsWith("max_tokens: must be a positive integer"), e.getMessage());
    }

    @Test
    void stopSequencesBecomeStop() {
        ObjectNode body = translate(request("""
                {"messages":[{"role":"user","content":"hi"}],"stop_sequences":["END","\\n\\nHuman:"]}"""));
        assertEquals("[\"END\",\"\\n\\nHuman:\"]", body.get("stop").toString());
        assertFalse(translate(request("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stop_sequences\":[]}")).has("stop"));
    }

    @Test
    void temperatureAndTopPAreKept() {
        ObjectNode body = translate(request("""
                {"messages":[{"role":"user","content":"hi"}],"temperature":0.2,"top_p":0.9}"""));
        assertEquals(0.2, body.get("temperature").asDouble());
        assertEquals(0.9, body.get("top_p").asDouble());
    }

    @Test
    void extendedOptionsAreDroppedUnlessTheModelTakesThem() {
        ObjectNode fixture = Fixtures.request("01_default_text_request.json");
        fixture.put("top_k", 5);
        ObjectNode plain = translate(fixture);
        for (String key : List.of("top_k", "thinking", "context_management", "output_config")) {
            assertFalse(plain.has(key), key);
        }
        ObjectNode extended = RequestTranslator.toOpenAi(fixture, EXTENDED).body();
        for (String key : List.of("top_k", "thinking", "context_management", "output_config")) {
            assertEquals(fixture.get(key), extended.get(key), key);
        }
    }

    @Test
    void metadataUserIdBecomesUser() {
        ObjectNode fixture = Fixtures.request("01_default_text_request.json");
        assertEquals(fixture.get("metadata").get("user_id").asText(), translate(fixture).get("user").asText());
    }

    @Test
    void modelIsTheUpstreamModel() {
        assertEquals("upstream-claude", translate(Fixtures.request("06_model_custom_request.json")).get("model").asText());
    }

    @Test
    void streamIsCopiedAndAStreamAsksForUsage() {
        OpenAiRequest streamed = RequestTranslator.toOpenAi(Fixtures.request("01_default_text_request.json"), TARGET);
        assertTrue(streamed.stream());
        assertTrue(streamed.body().get("stream").asBoolean());
        assertEquals("{\"include_usage\":true}", streamed.body().get("stream_options").toString());
        OpenAiRequest whole = RequestTranslator.toOpenAi(Fixtures.request("08_nonstream_fallback_request.json"), TARGET);
        assertFalse(whole.stream());
        assertFalse(whole.body().get("stream").asBoolean());
        assertFalse(whole.body().has("stream_options"));
        assertFalse(translate(request("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).get("stream").asBoolean());
    }

    @Test
    void unknownClientKeysAreNeverSent() {
        ObjectNode fixture = Fixtures.request("01_default_text_request.json");
        fixture.put("chat_id", "c1").put("session_id", "s1").put("id", "i1").put("foo", "bar");
        ObjectNode body = translate(fixture);
        for (String key : List.of("chat_id", "session_id", "id", "foo", "system", "metadata", "stop_sequences")) {
            assertFalse(body.has(key), key);
        }
        assertTrue(ALLOWED_KEYS.containsAll(keys(body)));
    }
}
