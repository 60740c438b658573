package dev.claudeconnector.translate;

import java.util.Optional;

/**
 * The {@link ForeignToolCall} rule for one streamed answer: which calls may become blocks, and
 * whether the answer must end in an error. Not thread-safe; one instance per response.
 */
final class ForeignToolCalls {
    private final ToolNames names;
    private ForeignToolCall refused;
    private String dropped;

    ForeignToolCalls(ToolNames names) {
        this.names = names;
    }

    /**
     * Whether this call may start a block. A call the request did not offer never may: it is
     * dropped, and when the request offered tools of its own the answer is refused.
     */
    boolean admit(PendingToolCall call) {
        if (StreamTranslator.UNNAMED_TOOL.equals(call.name) || names.mayCall(call.name)) {
            return true;
        }
        call.closed = true;
        if (names.offersTools()) {
            refused = new ForeignToolCall(call.name, true);
        } else if (dropped == null) {
            dropped = call.name;
        }
        return false;
    }

    /** Whether the answer is refused (the stream must end with an error, not {@code message_stop}). */
    boolean refused() {
        return refused != null;
    }

    /** At the end: a tool-less answer that was nothing but a dropped call is refused too. */
    Optional<ForeignToolCall> atEnd(boolean anythingEmitted) {
        if (refused == null && !anythingEmitted && dropped != null) {
            refused = new ForeignToolCall(dropped, false);
        }
        return Optional.ofNullable(refused);
    }

    Optional<ForeignToolCall> refusal() {
        return Optional.ofNullable(refused);
    }
}
