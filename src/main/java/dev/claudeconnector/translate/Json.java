package dev.claudeconnector.translate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Shared Jackson plumbing. The mappers are configured once and are thread-safe afterwards. */
final class Json {
    private static final JsonMapper STRICT = JsonMapper.builder().build();

    /**
     * For tool arguments written by a model: raw control characters inside strings (a literal
     * newline in a file's content) are the commonest slip and carry no ambiguity, so they are accepted.
     */
    private static final JsonMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** Compact JSON text of a tree (never fails for trees built from parsed JSON). */
    static String compact(JsonNode node) {
        try {
            return STRICT.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /** Compact JSON of a tree as UTF-8 bytes; {@link EscapedText} values go out as they came in. */
    static byte[] compactBytes(JsonNode node) {
        try {
            return STRICT.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /** The tree of what {@code parser} reads, as {@code readTree} builds it; null for no content. */
    static JsonNode tree(JsonParser parser) throws IOException {
        return STRICT.readTree(parser);
    }

    /** The parser factory, with Jackson's default limits (those of the proxy's own mapper). */
    static JsonFactory factory() {
        return STRICT.getFactory();
    }

    /** Parses model-written JSON leniently; null when it is not JSON at all. */
    static JsonNode parseLenient(String text) {
        try {
            return LENIENT.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The JSON string literal for {@code text}, quotes included. */
    static String quote(String text) {
        return compact(NODES.textNode(text));
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
