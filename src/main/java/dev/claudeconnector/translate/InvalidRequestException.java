package dev.claudeconnector.translate;

/**
 * A 400-class problem with the client's request. The message names the field in the client's own
 * terms (e.g. {@code messages[2].content[0].source: ...}) and says what to do, because Claude Code
 * shows it to the user and retries blindly otherwise.
 */
public final class InvalidRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }
}
