package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Locale;
import java.util.Map;

/**
 * Maps what Open WebUI (or the network) did wrong to the Anthropic error a client understands,
 * with a message that says what to do. The upstream's own text is quoted, shortened, never
 * passed through as the whole answer.
 */
final class UpstreamErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int QUOTE_LIMIT = 300;

    private UpstreamErrors() {
    }

    static String loginAdvice(String authFile) {
        return "Sign in again: run 'java -jar target/agent.jar login' (or put a fresh token in "
                + authFile + " as WEBUI_SESSION_TOKEN).";
    }

    /** A non-2xx answer from Open WebUI. */
    static ApiError fromStatus(int status, String body, String retryAfter, String upstreamModel, String authFile) {
        String detail = detail(body);
        String quoted = detail.isEmpty() ? "" : " (Open WebUI said: " + detail + ")";
        if (status == 404 || detail.toLowerCase(Locale.ROOT).contains("model not found")) {
            return new ApiError(404, "not_found_error", "Open WebUI does not offer the model '" + upstreamModel + "'"
                    + quoted + ". Compare the catalog with what it offers: 'java -jar target/agent.jar models', then fix"
                    + " upstream-id in config/agent.yaml.");
        }
        return switch (status) {
            case 400, 422 -> ApiError.invalidRequest("Open WebUI rejected the request" + quoted + ".");
            case 401, 403 -> ApiError.authentication("Open WebUI did not accept the session token"
                    + quoted + ". " + loginAdvice(authFile));
            case 413 -> new ApiError(413, "request_too_large", "The request is too large for Open WebUI" + quoted
                    + ". Shorten the conversation (/compact or /clear in Claude Code).");
            case 429 -> new ApiError(429, "rate_limit_error", "Open WebUI is rate-limiting requests" + quoted
                    + ". Wait a moment and try again.",
                    retryAfter == null ? Map.of() : Map.of("retry-after", retryAfter));
            case 503, 529 -> new ApiError(529, "overloaded_error", "Open WebUI or its model is overloaded (HTTP "
                    + status + ")" + quoted + ". Try again shortly.");
            default -> status >= 500
                    ? new ApiError(502, "api_error", "Open WebUI failed with HTTP " + status + quoted + ".")
                    : new ApiError(502, "api_error", "Open WebUI answered HTTP " + status + quoted + ".");
        };
    }

    /** The call itself failed: unreachable host, TLS, timeout. */
    static ApiError fromFailure(Throwable failure, String upstreamUrl) {
        UpstreamFailure why = UpstreamFailure.of(failure);
        return switch (why.kind()) {
            case TLS -> new ApiError(502, "api_error", "TLS handshake with " + upstreamUrl + " failed (" + why.reason()
                    + "). Trust the server's CA with upstream.tls.ca-file in config/agent.yaml, or, for an"
                    + " internal server you trust, set upstream.tls.insecure: true.");
            case UNKNOWN_HOST, CONNECT -> new ApiError(502, "api_error", "Cannot reach Open WebUI at " + upstreamUrl
                    + " (" + why.reason() + "). Check the URL (upstream.url, WEBUI_URL or --upstream), your network and VPN.");
            case TIMEOUT -> new ApiError(504, "api_error", "Open WebUI at " + upstreamUrl
                    + " did not answer in time. Try again; raise upstream.read-timeout if this persists.");
            case OTHER -> new ApiError(502, "api_error", "The call to Open WebUI at " + upstreamUrl + " failed: "
                    + why.reason() + ". Check that the server is up, then try again.");
        };
    }

    /** The error text inside an Open WebUI error body ({"detail":…}, {"error":{"message":…}}, plain text). */
    static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body.strip();
        try {
            JsonNode node = JSON.readTree(text);
            if (node != null && node.isObject()) {
                JsonNode d = node.has("detail") ? node.get("detail") : node.path("error");
                if (d.isObject() && d.has("message")) {
                    d = d.get("message");
                }
                if (!d.isMissingNode() && !d.isNull()) {
                    text = d.isTextual() ? d.asText() : d.toString();
                }
            }
        } catch (Exception notJson) {
            // plain text or HTML: quote it as is
        }
        text = text.replaceAll("\\s+", " ");
        return text.length() > QUOTE_LIMIT ? text.substring(0, QUOTE_LIMIT) + "…" : text;
    }
}
