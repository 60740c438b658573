package dev.claudeconnector.translate;

import java.util.HashSet;
import java.util.Set;

/**
 * Tool-call ids in both directions.
 *
 * <p>Upstream to Anthropic: Claude Code expects {@code toolu_...} ids and matches its tool results
 * by them, so every id must be unique in the message and the same call must get the same id in
 * streaming and non-streaming answers. {@code call_abc} becomes {@code toolu_abc}, an id already
 * starting with {@code toolu_} is kept, other ids get the prefix; a missing id is derived from the
 * message id and the call's position, so a test run is repeatable (no randomness). One instance
 * per response, because uniqueness is per message.
 *
 * <p>Anthropic to upstream: ids from the history are sent unchanged when they are safe (at most
 * {@value #MAX_UPSTREAM_LENGTH} characters of {@code [a-zA-Z0-9_-]}, the strictest limit among
 * OpenAI-compatible servers); otherwise they are replaced deterministically, so a tool_use and its
 * tool_result still match.
 */
final class ToolCallIds {
    static final int MAX_UPSTREAM_LENGTH = 40;
    private static final String ANTHROPIC_PREFIX = "toolu_";
    private static final String OPENAI_PREFIX = "call_";

    private final String messageStem;
    private final Set<String> assigned = new HashSet<>();

    ToolCallIds(String messageId) {
        String stem = messageId == null ? "" : messageId.startsWith("msg_") ? messageId.substring(4) : messageId;
        this.messageStem = sanitise(stem.isEmpty() ? "msg" : stem);
    }

    /** The Anthropic id for the tool call at {@code position} of this response. */
    String assign(String upstreamId, int position) {
        String id = anthropicFormOf(upstreamId);
        if (id == null) {
            id = ANTHROPIC_PREFIX + messageStem + "_" + position;
        }
        String unique = id;
        for (int n = position; !assigned.add(unique); n++) {
            unique = id + "_" + n;
        }
        return unique;
    }

    private static String anthropicFormOf(String upstreamId) {
        if (upstreamId == null || upstreamId.isBlank()) {
            return null;
        }
        if (upstreamId.startsWith(ANTHROPIC_PREFIX)) {
            return sanitise(upstreamId);
        }
        String rest = upstreamId.startsWith(OPENAI_PREFIX) ? upstreamId.substring(OPENAI_PREFIX.length()) : upstreamId;
        return rest.isEmpty() ? null : ANTHROPIC_PREFIX + sanitise(rest);
    }

    /** The id to send upstream for an id found in the client's history. */
    static String toUpstream(String anthropicId) {
        return ToolNames.isSafeIdentifier(anthropicId, MAX_UPSTREAM_LENGTH)
                ? anthropicId
                : ToolNames.shorten(anthropicId, MAX_UPSTREAM_LENGTH);
    }

    private static String sanitise(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!ToolNames.isSafeChar(c)) {
                if (out == null) {
                    out = new StringBuilder(value);
                }
                out.setCharAt(i, '_');
            }
        }
        return out == null ? value : out.toString();
    }
}
