package dev.claudeconnector.translate;

/** The upstream answered 2xx but with something that is not a usable chat completion. */
public final class UpstreamFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UpstreamFormatException(String message) {
        super(message);
    }
}
