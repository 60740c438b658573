package dev.claudeconnector.auth;

/** Sign-in or renewal did not produce a token; the message says what happened and what to do. */
public final class SignInException extends RuntimeException {
    public SignInException(String message) {
        super(message);
    }

    public SignInException(String message, Throwable cause) {
        super(message, cause);
    }
}
