package dev.claudeconnector.openwebui;

/** A failed call to Open WebUI; {@link #failure()} says how, from the closed set. No stack trace: it is an answer, not a bug. */
public final class OpenWebUiException extends RuntimeException {
    private final transient OpenWebUiFailure failure;

    public OpenWebUiException(OpenWebUiFailure failure) {
        super(failure.toString(), null, false, false);
        this.failure = failure;
    }

    public OpenWebUiFailure failure() {
        return failure;
    }
}
