package dev.claudeconnector.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link EscapedText}: decoded on demand, written as its bytes, joined without decoding. */
class EscapedTextTest {
    /** A string node as {@link RequestBody} makes it from the JSON literal {@code literal}. */
    private static JsonNode escaped(String literal) {
        byte[] json = literal.getBytes(StandardCharsets.UTF_8);
        return EscapedText.slice(json, 0, json.length);
    }

    private static String written(JsonNode node) throws IOException {
        return new String(Fixtures.JSON.writeValueAsBytes(node), StandardCharsets.UTF_8);
    }

    @Test
    void decodesEscapesAndUtf8OnlyWhenRead() throws IOException {
        JsonNode text = escaped("\"caf\\u00e9 \\\"quoted\\\" \\\\ tab\\t ünï \\ud83d\\ude00\"");
        assertEquals("café \"quoted\" \\ tab\t ünï 😀", text.textValue());
        assertEquals(text.textValue(), text.asText());
        assertTrue(text.isTextual());
        assertEquals("\"caf\\u00e9 \\\"quoted\\\" \\\\ tab\\t ünï \\ud83d\\ude00\"", written(text), "bytes go out as they came");
        assertEquals(Fixtures.JSON.writeValueAsString(TextNode.valueOf(text.textValue())), Fixtures.JSON.writeValueAsString(text),
                "a generator that takes characters gets the decoded text");
    }

    @Test
    void equalsAnyStringNodeWithTheSameText() {
        JsonNode text = escaped("\"a\\/b\"");
        assertEquals(text, TextNode.valueOf("a/b"));
        assertEquals(TextNode.valueOf("a/b").hashCode(), text.hashCode());
        assertFalse(text.equals(TextNode.valueOf("a\\/b")));
        assertFalse(text.equals(Fixtures.json("1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"   \"", "\"\"", "\" \\n\\t \\r \\f\"", "\"\\u2003\\u3000\\u001f\"", "\"\u2003 \u3000\u2029\""})
    void blankAsStringIsBlankSeesIt(String literal) {
        assertTrue(escaped(literal).textValue().isBlank());
        assertTrue(EscapedText.isBlank(escaped(literal)), literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"  x \"", "\"\\u00a0\"", "\"\\n\\\"\"", "\"é\"", "\" \\u0041\"", "\"\\b\"", "\"\\/\"",
            "\"\\ud83d\\ude00\"", "\" 😀\"", "\"\\n\u00a0\""})
    void notBlankAsStringIsBlankSeesIt(String literal) {
        assertFalse(escaped(literal).textValue().isBlank());
        assertFalse(EscapedText.isBlank(escaped(literal)), literal);
    }

    @Test
    void joinsPiecesWithoutDecodingThem() throws IOException {
        JsonNode joined = EscapedText.join(List.of(escaped("\"one\\n\""), TextNode.valueOf("two \"2\""), escaped("\"thr\\u0065e\"")), "\n\n");
        assertInstanceOf(EscapedText.class, joined);
        assertEquals("one\n\n\ntwo \"2\"\n\nthree", joined.textValue());
        assertEquals("\"one\\n\\n\\ntwo \\\"2\\\"\\n\\nthr\\u0065e\"", written(joined));
        assertEquals("[prefix] one\n", EscapedText.prefixed("[prefix] ", escaped("\"one\\n\"")).textValue());
        assertTrue(EscapedText.isEmpty(EscapedText.join(List.of(), "\n")));
        assertTrue(EscapedText.isEmpty(escaped("\"\"")));
    }

    @Test
    void joiningPlainTextNodesGivesAPlainTextNode() {
        JsonNode joined = EscapedText.join(List.of(TextNode.valueOf("a"), TextNode.valueOf("b")), "+");
        assertEquals(TextNode.valueOf("a+b"), joined);
        assertInstanceOf(TextNode.class, joined);
    }

    @Test
    void jsonDocumentBecomesAStringHoldingIt() throws IOException {
        byte[] json = "{\"path\":\"C:\\\\dir\",\"text\":\"say \\\"hi\\\"\\n\"}".getBytes(StandardCharsets.UTF_8);
        JsonNode arguments = EscapedText.ofJson(json);
        assertEquals(new String(json, StandardCharsets.UTF_8), arguments.textValue());
        assertEquals(Fixtures.json(arguments.textValue()), Fixtures.json(new String(json, StandardCharsets.UTF_8)));
        assertEquals(Fixtures.JSON.writeValueAsString(TextNode.valueOf(arguments.textValue())), written(arguments));
    }
}
