package dev.claudeconnector.proxy;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;

/**
 * Why a call to Open WebUI failed before any answer, read from the exception's cause chain. The
 * proxy's error responses and {@code status} both word their advice from this one reading.
 *
 * @param kind   what went wrong
 * @param reason the underlying exception's own message (never empty)
 */
public record UpstreamFailure(Kind kind, String reason) {
    public enum Kind { TLS, UNKNOWN_HOST, CONNECT, TIMEOUT, OTHER }

    public static UpstreamFailure of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null || t.getMessage().isBlank() ? "" : t.getMessage();
            if (t instanceof SSLException) {
                return new UpstreamFailure(Kind.TLS, message.isEmpty() ? "no reason given" : message);
            }
            // Helidon reports an unknown host as an IllegalArgumentException without the UnknownHostException.
            if (t instanceof UnknownHostException || message.startsWith("Failed to get address for host")) {
                return new UpstreamFailure(Kind.UNKNOWN_HOST, message.isEmpty() ? "unknown host" : message);
            }
            if (t instanceof ConnectException) {
                return new UpstreamFailure(Kind.CONNECT, message.isEmpty() ? "connection refused" : message);
            }
            if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException
                    || message.toLowerCase(Locale.ROOT).contains("timed out")) {
                return new UpstreamFailure(Kind.TIMEOUT, message.isEmpty() ? "timed out" : message);
            }
        }
        return new UpstreamFailure(Kind.OTHER, String.valueOf(failure));
    }
}
