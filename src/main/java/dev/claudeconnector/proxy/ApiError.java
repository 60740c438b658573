package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * A failure the client must see, in Anthropic's error shape
 * ({@code {"type":"error","error":{"type":…,"message":…}}}). Thrown anywhere in the proxy and
 * turned into a response in one place ({@link ProxyServer#routing}).
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String type;
    private final Map<String, String> headers;

    public ApiError(int status, String type, String message) {
        this(status, type, message, Map.of());
    }

    public ApiError(int status, String type, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.headers = Map.copyOf(headers);
    }

    public static ApiError invalidRequest(String message) {
        return new ApiError(400, "invalid_request_error", message);
    }

    public static ApiError authentication(String message) {
        return new ApiError(401, "authentication_error", message);
    }

    public static ApiError api(String message) {
        return new ApiError(500, "api_error", message);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public ObjectNode body() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("type", "error");
        ObjectNode error = root.putObject("error");
        error.put("type", type);
        error.put("message", getMessage());
        return root;
    }
}
