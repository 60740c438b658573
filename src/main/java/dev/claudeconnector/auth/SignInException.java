package dev.claudeconnector.auth;

/**
 * Sign-in or renewal did not produce a token; the message says what happened and what to do.
 * {@link #needsPerson()} tells a renewal that met a page only a person can answer (a password, an
 * account picker, MFA, consent…) from one that failed for another reason: only the first is worth
 * a visible sign-in window.
 */
public final class SignInException extends RuntimeException {
    private final boolean needsPerson;

    public SignInException(String message) {
        this(message, false);
    }

    public SignInException(String message, boolean needsPerson) {
        super(message);
        this.needsPerson = needsPerson;
    }

    public SignInException(String message, Throwable cause) {
        super(message, cause);
        this.needsPerson = false;
    }

    /** The identity provider (or Open WebUI's sign-in page) wants a person: a visible window could finish it. */
    public boolean needsPerson() {
        return needsPerson;
    }
}
