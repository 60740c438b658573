package dev.claudeconnector.translate;

/**
 * One upstream tool call while it streams in: what is known of it so far, and the argument text
 * that is ready to emit but waits because the call's block cannot start yet.
 */
final class PendingToolCall {
    /** The call's position in the response, used only to derive an id when the upstream sends none. */
    final int position;
    final ToolArgumentStream arguments = new ToolArgumentStream();
    final StringBuilder waitingArguments = new StringBuilder();
    String upstreamId;
    String name;
    boolean queued;
    boolean closed;

    PendingToolCall(int position) {
        this.position = position;
    }

    /** Nothing worth a block: no name, no id, no argument text (an empty placeholder fragment). */
    boolean isEmpty() {
        return name == null && upstreamId == null && waitingArguments.isEmpty() && !arguments.receivedAnything();
    }
}
