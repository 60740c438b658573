package dev.claudeconnector.translate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Reads the error an upstream put inside a 2xx body or stream chunk. Open WebUI reports failures
 * of the model behind it this way ({@code {"error": {...}}} or {@code {"error": "..."}}, sometimes
 * with {@code detail}), so they must reach the user as errors, not as an empty answer.
 */
record UpstreamError(String anthropicType, String message) {
    private static final Set<String> ANTHROPIC_TYPES = Set.of("invalid_request_error", "authentication_error",
            "permission_error", "not_found_error", "request_too_large", "rate_limit_error", "api_error",
            "overloaded_error");

    /** The error carried by a body or chunk, or null when it carries none. */
    static UpstreamError in(JsonNode body) {
        if (body == null || !body.isObject()) {
            return null;
        }
        JsonNode error = body.get("error");
        if (Json.absent(error) || (error.isBoolean() && !error.booleanValue())) {
            return null;
        }
        String message;
        String type = null;
        if (error.isTextual()) {
            message = error.textValue();
        } else if (error.isObject()) {
            message = firstText(error, "message", "detail", "msg");
            type = firstText(error, "type", "code");
            if (message == null) {
                message = Json.compact(error);
            }
        } else {
            message = Json.compact(error);
        }
        return new UpstreamError(anthropicTypeOf(type, message), "upstream error: " + message);
    }

    private static String anthropicTypeOf(String type, String message) {
        if (type != null && ANTHROPIC_TYPES.contains(type)) {
            return type;
        }
        String text = ((type == null ? "" : type) + " " + message).toLowerCase();
        if (text.contains("rate limit") || text.contains("rate_limit") || text.contains("429")
                || text.contains("throttl") || text.contains("too many requests")) {
            return "rate_limit_error";
        }
        if (text.contains("overloaded") || text.contains("capacity")) {
            return "overloaded_error";
        }
        return "api_error";
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            JsonNode value = node.get(field);
            if (value != null && (value.isTextual() || value.isNumber()) && !value.asText().isEmpty()) {
                return value.asText();
            }
        }
        return null;
    }
}
