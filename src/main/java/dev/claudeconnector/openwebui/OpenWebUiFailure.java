package dev.claudeconnector.openwebui;

import java.util.Optional;

/**
 * Every way a call to Open WebUI can fail, as one closed set. {@link FailureReading} is the one
 * place that turns a status, an error body or an exception into one of these; callers (the proxy,
 * model discovery, {@code models}, {@code status}) each word them with one {@code switch}.
 *
 * <p>{@code detail} is Open WebUI's own reason, read from its error body and shortened (never the
 * whole of a huge page); empty when it gave none.
 */
public sealed interface OpenWebUiFailure {
    /** HTTP status of the answer, or 0 when there was none. */
    int status();

    String detail();

    /** The call never got an answer: DNS, connection, TLS, timeout, or the connection broke. */
    record Unreachable(Reason reason, String detail) implements OpenWebUiFailure {
        public enum Reason { TLS, UNKNOWN_HOST, CONNECT, TIMEOUT, BROKEN }

        @Override
        public int status() {
            return 0;
        }
    }

    /** The session token is missing, expired, revoked or badly signed: another token may help. */
    record TokenRejected(int status, String detail) implements OpenWebUiFailure {
    }

    /** The token is good but the account may not do this (a {@code pending} user): another token cannot help. */
    record NoPermission(int status, String detail) implements OpenWebUiFailure {
    }

    /** Open WebUI has no such model, or the user may not use it (both say "Model not found"). */
    record ModelNotFound(int status, String detail) implements OpenWebUiFailure {
    }

    /** The provider behind Open WebUI throttles (HTTP 429, or a throttling text in a wrapped error). */
    record RateLimited(int status, String detail, Optional<String> retryAfter) implements OpenWebUiFailure {
    }

    /** Open WebUI or its provider is overloaded or down for now (503/529, "service unavailable"). */
    record Overloaded(int status, String detail) implements OpenWebUiFailure {
    }

    /**
     * Open WebUI or its provider failed (5xx, "Server Connection Error", a timeout upstream, an error
     * inside a 2xx answer, or the {@code null} answer of a failed model): trying again may work.
     */
    record ServerError(int status, String detail) implements OpenWebUiFailure {
    }

    /** The conversation exceeds the model's context window; {@code detail} is the provider's text, verbatim. */
    record ContextTooLong(int status, String detail) implements OpenWebUiFailure {
    }

    /** The request body is too large for Open WebUI (HTTP 413). */
    record TooLarge(int status, String detail) implements OpenWebUiFailure {
    }

    /** Open WebUI refused this request for another reason (HTTP 400, 422…): sending it again will not help. */
    record Rejected(int status, String detail) implements OpenWebUiFailure {
    }

    /** Whatever answered is not Open WebUI's API: an HTML page, a redirect, no JSON where JSON belongs. */
    record NotOpenWebUi(int status, String detail) implements OpenWebUiFailure {
    }
}
