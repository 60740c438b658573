package dev.claudeconnector.translate;

import static dev.claudeconnector.translate.RequestTranslatorTest.TARGET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.claudeconnector.json.JsonTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The proxy's parse of a client body ({@link RequestBody}) against Jackson's {@code readTree}: the
 * same tree, the same translation, the same errors, with long strings kept as escaped bytes.
 */
class RequestBodyTest {
    private static byte[] bodyOf(String fixture) throws IOException {
        return Fixtures.JSON.writeValueAsBytes(Fixtures.request(fixture));
    }

    private static JsonNode parse(String json) throws IOException {
        return RequestBody.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String longText(String tail) {
        return "x".repeat(RequestBody.ESCAPED_FROM) + tail;
    }

    @ParameterizedTest
    @FieldSource("dev.claudeconnector.translate.Fixtures#REQUESTS")
    void recordedRequestParsesToReadTreesTree(String fixture) throws IOException {
        byte[] body = bodyOf(fixture);
        JsonNode parsed = RequestBody.parse(body);
        JsonNode expected = Fixtures.JSON.readTree(body);
        assertTrue(parsed.equals(expected), fixture);
        assertEquals(Fixtures.JSON.writeValueAsString(expected), Fixtures.JSON.writeValueAsString(parsed));
        assertEquals(Fixtures.JSON.readTree(Fixtures.JSON.writeValueAsBytes(parsed)), expected, "written raw: " + fixture);
    }

    @ParameterizedTest
    @FieldSource("dev.claudeconnector.translate.Fixtures#REQUESTS")
    void recordedRequestTranslatesToTheSameUpstreamBody(String fixture) throws IOException {
        byte[] body = bodyOf(fixture);
        byte[] raw = Fixtures.JSON.writeValueAsBytes(RequestTranslator.toOpenAi(RequestBody.parse(body), TARGET).body());
        JsonNode decoded = RequestTranslator.toOpenAi(Fixtures.JSON.readTree(body), TARGET).body();
        assertEquals(decoded, Fixtures.JSON.readTree(raw), fixture);
    }

    @Test
    void longStringsStayEscapedBytesThatTheUpstreamBodyCopies() throws IOException {
        // The client's own spelling of an escape (\u00e9 for é, \/ for /) reaches the upstream body as it was.
        String system = "You are Claude Code. Caf\\u00e9 rules:\\n1. paths look like a\\/b. " + "x".repeat(64);
        String file = "line one\\nline \\\"two\\\"\\t" + "y".repeat(80);
        byte[] body = ("{\"model\":\"m\",\"max_tokens\":10,\"system\":[{\"type\":\"text\",\"text\":\"" + system + "\"}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"" + file
                + "\"}]},{\"role\":\"user\",\"content\":\"short\"}]}").getBytes(StandardCharsets.UTF_8);
        JsonNode parsed = RequestBody.parse(body);
        assertInstanceOf(EscapedText.class, parsed.get("system").get(0).get("text"));
        assertInstanceOf(TextNode.class, parsed.get("model"));
        assertEquals("You are Claude Code. Café rules:\n1. paths look like a/b. " + "x".repeat(64),
                parsed.get("system").get(0).get("text").textValue());

        String upstream = new String(Fixtures.JSON.writeValueAsBytes(RequestTranslator.toOpenAi(parsed, TARGET).body()),
                StandardCharsets.UTF_8);
        assertTrue(upstream.contains("\"content\":\"" + system + "\""), upstream);
        assertTrue(upstream.contains("[result of tool call t1]\\n" + file), upstream);
    }

    @Test
    void bodiesInOtherUnicodeEncodingsAreReadToo() throws IOException {
        String json = "{\"model\":\"m\",\"system\":\"" + longText("é") + "\",\"messages\":[\"" + longText("") + "\"]}";
        String expected = Fixtures.JSON.writeValueAsString(Fixtures.JSON.readTree(json)); // TextNode.equals knows no EscapedText
        JsonNode withMark = RequestBody.parse(("\uFEFF" + json).getBytes(StandardCharsets.UTF_8));
        assertInstanceOf(EscapedText.class, withMark.get("system"), "UTF-8 with a byte-order mark keeps strings escaped");
        assertEquals(expected, Fixtures.JSON.writeValueAsString(withMark));
        assertEquals(expected, Fixtures.JSON.writeValueAsString(RequestBody.parse(json.getBytes(StandardCharsets.UTF_16BE))));
        assertEquals(expected, Fixtures.JSON.writeValueAsString(RequestBody.parse(json.getBytes(StandardCharsets.UTF_16LE))));
    }

    @Test
    void valuesKeepReadTreesTypes() throws IOException {
        JsonNode parsed = parse("{\"i\":7,\"l\":12345678901,\"b\":123456789012345678901234567890,\"d\":0.25,"
                + "\"e\":1e3,\"t\":true,\"f\":false,\"n\":null,\"a\":[],\"o\":{},\"dup\":1,\"dup\":2}");
        assertEquals(Fixtures.JSON.readTree(parsed.toString()), parsed);
        assertEquals(JsonNodeType.NUMBER, parsed.get("b").getNodeType());
        assertTrue(parsed.get("i").isInt() && parsed.get("l").isLong() && parsed.get("b").isBigInteger()
                && parsed.get("d").isDouble() && parsed.get("e").isDouble());
        assertEquals(2, parsed.get("dup").intValue(), "a repeated key keeps its last value, as readTree does");
    }

    @Test
    void emptyBodyAndTrailingTextAreReadAsReadTreeReadsThem() throws IOException {
        assertNull(parse(""));
        assertNull(parse("  \n"));
        assertEquals(Fixtures.json("{\"a\":1}"), parse("{\"a\":1} and then some"));
        assertEquals(TextNode.valueOf(longText("")), parse("\"" + longText("") + "\""));
    }

    /**
     * Broken JSON inside a long string is found by the parser as it skips it, at the place readTree
     * reports (Jackson words a few of these differently when it skips rather than reads a string).
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"a\":\"%s",                       // cut off inside the string
            "{\"a\":\"%s\\q\"}",                 // an escape JSON does not have
            "{\"a\":\"%s\u0001\"}",              // a raw control character
            "{\"a\":\"%s\"",                     // cut off after the string
            "{\"a\":\"%s\" \"b\":1}",            // a missing comma
            "{\"a\":[\"%s\",]}"})                // a trailing comma
    void brokenJsonFailsAsReadTreeFails(String template) {
        String json = template.formatted("x".repeat(100));
        JsonProcessingException ours = assertThrows(JsonProcessingException.class, () -> parse(json));
        JsonProcessingException jackson = assertThrows(JsonProcessingException.class, () -> Fixtures.JSON.readTree(json));
        assertEquals(jackson.getClass(), ours.getClass());
        assertEquals(jackson.getLocation().getLineNr(), ours.getLocation().getLineNr());
        assertEquals(jackson.getLocation().getColumnNr(), ours.getLocation().getColumnNr());
    }

    @Test
    void invalidUtf8InsideALongStringIsRefused() {
        byte[] body = ("{\"a\":\"" + "x".repeat(100) + "?\"}").getBytes(StandardCharsets.UTF_8);
        body[body.length - 3] = (byte) 0xC3; // a lead byte followed by a quote instead of a continuation byte
        assertThrows(JsonProcessingException.class, () -> RequestBody.parse(body));
    }

    @Test
    void aToolSchemasNestedValuesStayTheClientsBytesThatTheUpstreamBodyCopies() throws IOException {
        String properties = "{ \"path\": {\"type\": \"string\", \"description\": \"Caf\\u00e9\"},\n  \"n\": {\"type\":\"integer\"} }";
        String required = "[\"path\" ]";
        byte[] body = ("{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"metadata\":{\"input_schema\":{\"properties\":{\"x\":1}}},"
                + "\"tools\":[{\"name\":\"Read\",\"input_schema\":{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
                + "\"type\":\"object\",\"properties\":" + properties + ",\"required\":" + required + "}}]}")
                .getBytes(StandardCharsets.UTF_8);
        JsonNode parsed = RequestBody.parse(body);
        JsonNode schema = parsed.get("tools").get(0).get("input_schema");
        assertInstanceOf(VerbatimJson.class, schema.get("properties"));
        assertInstanceOf(VerbatimJson.class, schema.get("required"));
        assertInstanceOf(TextNode.class, schema.get("type"), "the schema's own top level is read: the translation looks at it");
        assertEquals(JsonNodeType.OBJECT, parsed.get("metadata").get("input_schema").get("properties").getNodeType(),
                "the same names elsewhere are read as usual");
        assertTrue(parsed.equals(Fixtures.JSON.readTree(body)), "equal to readTree's tree");
        assertEquals(Fixtures.JSON.readTree(body).get("tools").get(0).get("input_schema").get("properties").get("path"),
                ((VerbatimJson) schema.get("properties")).tree().get("path"));

        String upstream = new String(Fixtures.JSON.writeValueAsBytes(RequestTranslator.toOpenAi(parsed, TARGET).body()),
                StandardCharsets.UTF_8);
        assertTrue(upstream.contains("\"parameters\":{\"type\":\"object\",\"properties\":" + properties
                + ",\"required\":" + required + "}"), upstream);
        assertEquals(RequestTranslator.toOpenAi(Fixtures.JSON.readTree(body), TARGET).body(), Fixtures.JSON.readTree(upstream));
        assertEquals(Fixtures.JSON.readTree(JsonTrees.text(parsed)), Fixtures.JSON.readTree(body),
                "text generators (the token count's) get the same JSON");
    }

    @Test
    void aToolSchemaValueLongerThanTheGeneratorsBufferIsWrittenWhole() throws IOException {
        StringBuilder properties = new StringBuilder("{");
        for (int i = 0; i < 400; i++) {
            properties.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":{\"type\":\"string\",\"description\":\"field ").append(i).append("\"}");
        }
        properties.append('}');
        byte[] body = ("{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"tools\":[{\"name\":\"Wide\",\"input_schema\":{\"type\":\"object\",\"properties\":" + properties + "}}]}")
                .getBytes(StandardCharsets.UTF_8);
        assertTrue(properties.length() > 16_000, "longer than Jackson's 8,000-byte output buffer, twice");
        String upstream = new String(JsonTrees.bytes(RequestTranslator.toOpenAi(RequestBody.parse(body), TARGET).body()),
                StandardCharsets.UTF_8);
        assertTrue(upstream.contains("\"properties\":" + properties + "}"), upstream);
        assertEquals(RequestTranslator.toOpenAi(Fixtures.JSON.readTree(body), TARGET).body(), Fixtures.JSON.readTree(upstream));
    }

    private static byte[] withToolCall(String input) {
        return ("{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"write it\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"Write\",\"input\":" + input
                + "}]},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"ok\"}]}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aToolCallsInputGoesUpstreamAsTheClientsOwnText() throws IOException {
        String input = "{ \"file_path\": \"a\\\"b.txt\",\n\t\"content\": \"caf\\u00e9\\n\", \"n\": 1.0e2 }";
        byte[] body = withToolCall(input);
        JsonNode parsed = RequestBody.parse(body);
        assertInstanceOf(VerbatimJson.class, parsed.get("messages").get(1).get("content").get(0).get("input"));
        assertInstanceOf(ObjectNode.class, parsed.get("messages").get(2).get("content").get(0), "other blocks are read as usual");

        JsonNode upstream = Fixtures.JSON.readTree(JsonTrees.bytes(RequestTranslator.toOpenAi(parsed, TARGET).body()));
        JsonNode arguments = upstream.get("messages").get(1).get("tool_calls").get(0).get("function").get("arguments");
        assertTrue(!Fixtures.JSON.readTree(input).toString().equals(input), "not Jackson's compact form, so the two differ");
        assertEquals(input, arguments.textValue(), "the arguments are the client's text, whitespace and escapes as sent");
        JsonNode viaReadTree = RequestTranslator.toOpenAi(Fixtures.JSON.readTree(body), TARGET).body()
                .get("messages").get(1).get("tool_calls").get(0).get("function").get("arguments");
        assertEquals(Fixtures.JSON.readTree(viaReadTree.textValue()), Fixtures.JSON.readTree(arguments.textValue()),
                "the same arguments as readTree's tree gives");
    }

    @Test
    void aToolCallsInputThatIsNoObjectIsRefusedWithTheSameWords() {
        for (String input : List.of("[1, 2]", "\"text\"", "7")) {
            byte[] body = withToolCall(input);
            String ours = assertThrows(InvalidRequestException.class,
                    () -> RequestTranslator.toOpenAi(RequestBody.parse(body), TARGET)).getMessage();
            String readTrees = assertThrows(InvalidRequestException.class,
                    () -> RequestTranslator.toOpenAi(Fixtures.JSON.readTree(body), TARGET)).getMessage();
            assertEquals(readTrees, ours);
            assertTrue(ours.startsWith("messages[1].content[0].input: must be an object, got a"), ours);
        }
    }

    /** Broken JSON inside a tool schema's nested values is found as the parser skips them, where readTree finds it. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":tru}", "[1,]", "{\"a\" 1}", "{\"a\":\"x\\q\"}", "{\"a\":[1}", "{\"a\":1"})
    void brokenJsonInsideAToolSchemaFailsAsReadTreeFails(String value) {
        String json = "{\"tools\":[{\"name\":\"t\",\"input_schema\":{\"type\":\"object\",\"properties\":" + value + "}}]}";
        JsonProcessingException ours = assertThrows(JsonProcessingException.class, () -> parse(json));
        JsonProcessingException jackson = assertThrows(JsonProcessingException.class, () -> Fixtures.JSON.readTree(json));
        assertEquals(jackson.getClass(), ours.getClass());
        assertEquals(jackson.getLocation().getLineNr(), ours.getLocation().getLineNr());
        assertEquals(jackson.getLocation().getColumnNr(), ours.getLocation().getColumnNr());
    }

    @Test
    void nestingBeyondJacksonsLimitIsRefusedAsReadTreeRefusesIt() {
        String deep = "[".repeat(1_001) + "]".repeat(1_001);
        assertThrows(StreamConstraintsException.class, () -> parse(deep));
        String deepSchema = "{\"tools\":[{\"input_schema\":{\"properties\":" + deep + "}}]}";
        assertThrows(StreamConstraintsException.class, () -> parse(deepSchema), "inside a tool schema too");
        assertThrows(StreamConstraintsException.class, () -> Fixtures.JSON.readTree(deep));
    }
}
