package dev.claudeconnector.translate;

/** A whole answer that cannot be given to the client because of a {@link ForeignToolCall}. */
public final class ForeignToolCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ForeignToolCall call;

    public ForeignToolCallException(ForeignToolCall call) {
        super("the model called '" + call.name() + "', a tool the request did not offer", null, false, false);
        this.call = call;
    }

    public ForeignToolCall call() {
        return call;
    }
}
