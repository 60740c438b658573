package dev.claudeconnector.openwebui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudeconnector.json.JsonTrees;
import dev.claudeconnector.openwebui.OpenWebUiFailure.ContextTooLong;
import dev.claudeconnector.openwebui.OpenWebUiFailure.ModelNotFound;
import dev.claudeconnector.openwebui.OpenWebUiFailure.NoPermission;
import dev.claudeconnector.openwebui.OpenWebUiFailure.NotOpenWebUi;
import dev.claudeconnector.openwebui.OpenWebUiFailure.Overloaded;
import dev.claudeconnector.openwebui.OpenWebUiFailure.RateLimited;
import dev.claudeconnector.openwebui.OpenWebUiFailure.Rejected;
import dev.claudeconnector.openwebui.OpenWebUiFailure.ServerError;
import dev.claudeconnector.openwebui.OpenWebUiFailure.TokenRejected;
import dev.claudeconnector.openwebui.OpenWebUiFailure.TooLarge;
import dev.claudeconnector.openwebui.OpenWebUiFailure.Unreachable;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * The one reading of what Open WebUI (or the network) did wrong: a status and error body, an error
 * inside a 2xx answer, or an exception, each to one {@link OpenWebUiFailure}.
 *
 * <p>Since 0.9 Open WebUI wraps its provider's failures as HTTP 400 {@code {"detail":"<provider
 * message>"}} (backend/open_webui/main.py, {@code chat_completion}'s {@code except}), so the
 * status alone says little: the provider's words decide whether it was throttling, an outage, an
 * overflowing context or a bad request. Older versions keep the provider's status; both read the same.
 */
public final class FailureReading {
    private static final int QUOTE_LIMIT = 300;
    /** Context-overflow texts are passed on whole: Claude Code reads them to compact the conversation. */
    private static final int VERBATIM_LIMIT = 2000;

    private static final String[] THROTTLING = {"throttl", "too many requests", "rate limit", "rate_limit",
            "ratelimit", "quota exceeded"};
    private static final String[] CONTEXT_OVERFLOW = {"input is too long", "prompt is too long", "too many tokens",
            "context length", "context_length_exceeded", "context window", "maximum context"};
    private static final String[] OVERLOADED = {"overloaded", "service unavailable", "serviceunavailable",
            "temporarily unavailable", "capacity", "model is not ready", "modelnotready"};
    private static final String[] SERVER_TROUBLE = {"server connection error", "connection error", "timed out",
            "timeout", "internal server error", "internalserver", "bad gateway", "gateway time", "server error",
            "modelerror", "connection reset", "connection refused"};
    /** ERROR_MESSAGES.ACCESS_PROHIBITED in backend/open_webui/constants.py (a pending account). */
    private static final String NO_PERMISSION = "do not have permission";
    /** ERROR_MESSAGES.NOT_AUTHENTICATED, answered with 403 by Open WebUI up to 0.6.15. */
    private static final String NOT_AUTHENTICATED = "not authenticated";

    private FailureReading() {
    }

    /** A non-2xx answer. */
    public static OpenWebUiFailure ofStatus(int status, String body, Optional<String> retryAfter) {
        String detail = detail(body);
        String text = detail.toLowerCase(Locale.ROOT);
        if (status == 401) {
            return text.contains(NO_PERMISSION) ? new NoPermission(status, detail) : new TokenRejected(status, detail);
        }
        if (status == 404 || text.contains("model not found")) {
            return new ModelNotFound(status, detail);
        }
        if (status == 403) {
            return text.contains(NOT_AUTHENTICATED) ? new TokenRejected(status, detail) : new NoPermission(status, detail);
        }
        if (status == 413) {
            return new TooLarge(status, detail);
        }
        if (status == 429) {
            return new RateLimited(status, detail, retryAfter);
        }
        if (status == 503 || status == 529) {
            return new Overloaded(status, detail);
        }
        if (status >= 300 && status < 400) {
            return new NotOpenWebUi(status, "a redirect (HTTP " + status + "), not an API answer");
        }
        if (status >= 500 || status < 300) {
            return byProviderText(status, detail, detail, retryAfter).orElse(new ServerError(status, detail));
        }
        return byProviderText(status, detail, detail, retryAfter).orElse(new Rejected(status, detail));
    }

    /**
     * The error inside a 2xx answer or stream chunk, if any: {@code null} (a model or pipe that
     * failed, up to 0.8), {@code {"error":{"detail"|"message":…}}} or {@code {"error":"…"}} (pipes,
     * providers), or a bare {@code {"detail":…}} without choices.
     */
    public static Optional<OpenWebUiFailure> inAnswer(JsonNode answer) {
        if (answer == null || answer.isNull() || answer.isMissingNode()) {
            return Optional.of(new ServerError(200, "the answer was null: the model or its connection failed"));
        }
        if (!answer.isObject()) {
            return Optional.empty();
        }
        JsonNode error = answer.get("error");
        boolean hasError = error != null && !error.isNull() && !(error.isBoolean() && !error.booleanValue());
        if (!hasError && !(answer.hasNonNull("detail") && !answer.has("choices"))) {
            return Optional.empty();
        }
        String detail = detailOf(hasError ? answer : answer.get("detail"));
        String type = hasError && error.isObject() ? error.path("type").asText(error.path("code").asText("")) : "";
        return Optional.of(byProviderText(200, type + " " + detail, detail, Optional.empty())
                .orElse(new ServerError(200, detail)));
    }

    /** A call that got no usable answer, read from the exception's cause chain. */
    public static Unreachable ofException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null || t.getMessage().isBlank() ? "" : t.getMessage();
            if (t instanceof SSLException) {
                return new Unreachable(Unreachable.Reason.TLS, message.isEmpty() ? "no reason given" : message);
            }
            // Helidon reports an unknown host as an IllegalArgumentException without the UnknownHostException.
            if (t instanceof UnknownHostException || message.startsWith("Failed to get address for host")) {
                return new Unreachable(Unreachable.Reason.UNKNOWN_HOST, message.isEmpty() ? "unknown host" : message);
            }
            if (t instanceof ConnectException) {
                return new Unreachable(Unreachable.Reason.CONNECT, message.isEmpty() ? "connection refused" : message);
            }
            if (t instanceof SocketTimeoutException || message.toLowerCase(Locale.ROOT).contains("timed out")) {
                return new Unreachable(Unreachable.Reason.TIMEOUT, message.isEmpty() ? "timed out" : message);
            }
        }
        String message = failure.getMessage();
        return new Unreachable(Unreachable.Reason.BROKEN, failure.getClass().getSimpleName()
                + (message == null || message.isBlank() ? "" : ": " + message));
    }

    /**
     * Throttling, an outage, an overflowing context, told by the provider's words whatever the status.
     *
     * @param words  what is read (the detail, with an error's type or code when it has one)
     * @param detail what the failure carries
     */
    private static Optional<OpenWebUiFailure> byProviderText(int status, String words, String detail,
                                                             Optional<String> retryAfter) {
        String text = words.toLowerCase(Locale.ROOT);
        if (containsAny(text, CONTEXT_OVERFLOW)) {
            return Optional.of(new ContextTooLong(status, detail));
        }
        if (containsAny(text, THROTTLING)) {
            return Optional.of(new RateLimited(status, detail, retryAfter));
        }
        if (containsAny(text, OVERLOADED)) {
            return Optional.of(new Overloaded(status, detail));
        }
        if (text.contains("model not found")) {
            return Optional.of(new ModelNotFound(status, detail));
        }
        if (containsAny(text, SERVER_TROUBLE)) {
            return Optional.of(new ServerError(status, detail));
        }
        return Optional.empty();
    }

    /**
     * The reason inside an error body: {@code {"detail":…}} (FastAPI's HTTPException),
     * {@code {"error":{"message"|"detail":…}}} (OpenAI-style providers, pipes), {@code {"error":"…"}},
     * or the text itself (an HTML page, a proxy's message). Shortened, except a context-overflow text.
     */
    public static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body.strip();
        try {
            JsonNode node = JsonTrees.read(text);
            if (node != null && node.isObject()) {
                text = detailOf(node.has("detail") ? node.get("detail") : node);
            }
        } catch (Exception notJson) {
            // plain text or HTML: quote it as is
        }
        return shorten(text);
    }

    private static String detailOf(JsonNode node) {
        JsonNode d = node;
        if (d.isObject() && d.has("error")) {
            d = d.get("error");
        }
        if (d.isObject()) {
            for (String field : new String[] {"message", "detail", "msg"}) {
                if (d.path(field).isTextual() || d.path(field).isNumber()) {
                    d = d.get(field);
                    break;
                }
            }
        }
        return shorten(d.isTextual() ? d.asText() : JsonTrees.text(d));
    }

    private static String shorten(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        int limit = containsAny(flat.toLowerCase(Locale.ROOT), CONTEXT_OVERFLOW) ? VERBATIM_LIMIT : QUOTE_LIMIT;
        return flat.length() > limit ? flat.substring(0, limit) + "…" : flat;
    }

    private static boolean containsAny(String text, String[] needles) {
        for (String n : needles) {
            if (text.contains(n)) {
                return true;
            }
        }
        return false;
    }
}
