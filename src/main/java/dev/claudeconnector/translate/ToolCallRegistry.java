package dev.claudeconnector.translate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tool calls of one streamed response, found from their fragments. OpenAI servers key
 * fragments by {@code index}; some OpenAI-compatible servers leave it out and send each call whole
 * with its own id, or continue the last call without either.
 */
final class ToolCallRegistry {
    private final Map<Integer, PendingToolCall> byIndex = new HashMap<>();
    private final List<PendingToolCall> unindexed = new ArrayList<>();
    private PendingToolCall last;

    /** The call a fragment belongs to, created on first sight. */
    PendingToolCall callFor(JsonNode fragment, String id, int positionInDelta) {
        JsonNode index = fragment.get("index");
        if (index != null && index.isIntegralNumber()) {
            last = byIndex.computeIfAbsent(index.asInt(), PendingToolCall::new);
        } else if (id != null && !id.isEmpty()) {
            last = find(id);
            if (last == null) {
                last = new PendingToolCall(byIndex.size() + unindexed.size());
                unindexed.add(last);
            }
        } else if (last == null) {
            last = byIndex.computeIfAbsent(positionInDelta, PendingToolCall::new);
        }
        return last;
    }

    private PendingToolCall find(String id) {
        for (PendingToolCall call : unindexed) {
            if (id.equals(call.upstreamId)) {
                return call;
            }
        }
        for (PendingToolCall call : byIndex.values()) {
            if (id.equals(call.upstreamId)) {
                return call;
            }
        }
        return null;
    }
}
