package dev.claudeconnector.translate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.claudeconnector.json.JsonTrees;
import java.io.IOException;

/** The translators' JSON helpers, over {@link JsonTrees} (Jackson's streaming parser and generator, no object mapper). */
final class Json {
    private Json() {
    }

    static ObjectNode object() {
        return JsonTrees.object();
    }

    static ArrayNode array() {
        return JsonTrees.array();
    }

    /** Compact JSON text of a tree (never fails for trees built from parsed JSON). */
    static String compact(JsonNode node) {
        return JsonTrees.text(node);
    }

    /** Compact JSON of a tree as UTF-8 bytes; {@link EscapedText} values go out as they came in. */
    static byte[] compactBytes(JsonNode node) {
        return JsonTrees.bytes(node);
    }

    /** The tree of what {@code parser} reads, as {@code readTree} builds it; null for no content. */
    static JsonNode tree(JsonParser parser) throws IOException {
        return JsonTrees.read(parser);
    }

    /** The parser factory, with Jackson's default limits (those of the proxy's own trees). */
    static JsonFactory factory() {
        return JsonTrees.factory();
    }

    /** Parses model-written JSON leniently; null when it is not JSON at all. */
    static JsonNode parseLenient(String text) {
        return JsonTrees.readLenient(text);
    }

    /** The JSON string literal for {@code text}, quotes included. */
    static String quote(String text) {
        return compact(TextNode.valueOf(text));
    }

    /** A node's text when it is a string, else null. */
    static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    /** A field's text when it is a string, else null. */
    static String text(JsonNode parent, String field) {
        return parent == null ? null : text(parent.get(field));
    }

    /**
     * Chat-completion message or delta content as text: a string, or the text parts of an array
     * (some servers send parts even in answers).
     */
    static String contentText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        StringBuilder text = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                String partText = text(part, "text");
                String type = text(part, "type");
                if (partText != null && (type == null || type.equals("text"))) {
                    text.append(partText);
                }
            }
        }
        return text.toString();
    }

    /** True for a missing field or an explicit JSON null. */
    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** How a value's type reads in an error message ("got a number"). */
    static String describe(JsonNode node) {
        if (absent(node)) {
            return "null";
        }
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            default -> node.getNodeType().toString().toLowerCase();
        };
    }
}
