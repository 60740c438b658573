package dev.claudeconnector.translate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Field checks for the client's request. Every failure names the field by its path in the
 * request, as the Anthropic API would, and says what was expected, so that a user reading Claude
 * Code's error can tell what is wrong without the proxy's logs.
 */
final class RequestShape {
    private RequestShape() {
    }

    static InvalidRequestException invalid(String path, String problem) {
        return new InvalidRequestException(path + ": " + problem);
    }

    /** A required field the client left out; the wording is the Anthropic API's, then a hint. */
    static InvalidRequestException missing(String path, String hint) {
        return invalid(path, "Field required (" + hint + ")");
    }

    static JsonNode requireObject(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw invalid(path, "must be an object, got " + Json.describe(node));
        }
        return node;
    }

    static String requireString(JsonNode parent, String field, String path) {
        return requireText(parent, field, path).textValue();
    }

    /** A required string field as its node, for text that is moved rather than read ({@link EscapedText}). */
    static JsonNode requireText(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || !value.isTextual()) {
            throw invalid(field(path, field), value == null || value.isNull()
                    ? "required string is missing"
                    : "must be a string, got " + Json.describe(value));
        }
        return value;
    }

    static String requireNonEmptyString(JsonNode parent, String field, String path) {
        String value = requireString(parent, field, path);
        if (value.isEmpty()) {
            throw invalid(field(path, field), "must not be empty");
        }
        return value;
    }

    /** A string field that may be absent; null when absent. */
    static String optionalString(JsonNode parent, String field, String path) {
        JsonNode value = optionalText(parent, field, path);
        return value == null ? null : value.textValue();
    }

    /** A string field that may be absent, as its node (see {@link #requireText}); null when absent. */
    static JsonNode optionalText(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (Json.absent(value)) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(field(path, field), "must be a string, got " + Json.describe(value));
        }
        return value;
    }

    /** A boolean field that may be absent. */
    static boolean optionalBoolean(JsonNode parent, String field, String path, boolean fallback) {
        JsonNode value = parent.get(field);
        if (Json.absent(value)) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw invalid(field(path, field), "must be true or false, got " + Json.describe(value));
        }
        return value.booleanValue();
    }

    /** A number field that may be absent; returned as is (null when absent). */
    static JsonNode optionalNumber(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (Json.absent(value)) {
            return null;
        }
        if (!value.isNumber()) {
            throw invalid(field(path, field), "must be a number, got " + Json.describe(value));
        }
        return value;
    }

    /** An array field that may be absent; null when absent. */
    static JsonNode optionalArray(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (Json.absent(value)) {
            return null;
        }
        if (!value.isArray()) {
            throw invalid(field(path, field), "must be an array, got " + Json.describe(value));
        }
        return value;
    }

    /** Path of a field; the empty path is the request itself. */
    static String field(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** Path of an array element: {@code messages[3]}. */
    static String at(String path, int index) {
        return path + "[" + index + "]";
    }
}
