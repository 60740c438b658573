package dev.claudeconnector.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.claudeconnector.json.JsonTrees;

/** The translators' small JSON helpers; reading and writing trees is {@link JsonTrees}'s. */
final class Json {
    private Json() {
    }

    /** The JSON string literal for {@code text}, quotes included. */
    static String quote(String text) {
        return JsonTrees.text(TextNode.valueOf(text));
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
        if (node instanceof VerbatimJson verbatim) {
            return verbatim.isObjectValue() ? "an object" : "an array";
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
