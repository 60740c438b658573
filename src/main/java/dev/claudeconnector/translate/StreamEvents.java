package dev.claudeconnector.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudeconnector.json.JsonTrees;

/** Builds the Anthropic streaming events, each exactly in the shape the Anthropic API sends. */
final class StreamEvents {
    private StreamEvents() {
    }

    static SseEvent messageStart(String messageId, String model, int estimatedInputTokens) {
        ObjectNode message = JsonTrees.object();
        message.put("id", messageId);
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        // Output 1 as the Anthropic API does at this point; the real count comes in message_delta.
        message.set("usage", new TokenUsage(Math.max(0, estimatedInputTokens), 1, 0).toMessageUsage());
        ObjectNode data = data("message_start");
        data.set("message", message);
        return new SseEvent("message_start", data);
    }

    static SseEvent textStart(int index) {
        ObjectNode block = JsonTrees.object();
        block.put("type", "text");
        block.put("text", "");
        return blockStart(index, block);
    }

    static SseEvent thinkingStart(int index) {
        ObjectNode block = JsonTrees.object();
        block.put("type", "thinking");
        block.put("thinking", "");
        block.put("signature", "");
        return blockStart(index, block);
    }

    static SseEvent toolUseStart(int index, String id, String name) {
        ObjectNode block = JsonTrees.object();
        block.put("type", "tool_use");
        block.put("id", id);
        block.put("name", name);
        block.putObject("input");
        return blockStart(index, block);
    }

    static SseEvent textDelta(int index, String text) {
        return blockDelta(index, "text_delta", "text", text);
    }

    static SseEvent thinkingDelta(int index, String thinking) {
        return blockDelta(index, "thinking_delta", "thinking", thinking);
    }

    /**
     * Sent before a thinking block stops, as the Anthropic API does. The upstream gives no
     * signature; an empty one keeps the block well-formed for SDK accumulators (a thinking block
     * has a required signature), and Claude Code's next request carries it back, where the
     * request translator drops thinking blocks anyway.
     */
    static SseEvent signatureDelta(int index) {
        return blockDelta(index, "signature_delta", "signature", "");
    }

    static SseEvent inputJsonDelta(int index, String partialJson) {
        return blockDelta(index, "input_json_delta", "partial_json", partialJson);
    }

    static SseEvent blockStop(int index) {
        ObjectNode data = data("content_block_stop");
        data.put("index", index);
        return new SseEvent("content_block_stop", data);
    }

    static SseEvent messageDelta(String stopReason, TokenUsage usage) {
        ObjectNode delta = JsonTrees.object();
        delta.put("stop_reason", stopReason);
        delta.putNull("stop_sequence");
        ObjectNode data = data("message_delta");
        data.set("delta", delta);
        data.set("usage", usage.toDeltaUsage());
        return new SseEvent("message_delta", data);
    }

    static SseEvent messageStop() {
        return new SseEvent("message_stop", data("message_stop"));
    }

    static SseEvent error(String errorType, String message) {
        ObjectNode error = JsonTrees.object();
        error.put("type", errorType);
        error.put("message", message);
        ObjectNode data = data("error");
        data.set("error", error);
        return new SseEvent("error", data);
    }

    private static SseEvent blockStart(int index, ObjectNode block) {
        ObjectNode data = data("content_block_start");
        data.put("index", index);
        data.set("content_block", block);
        return new SseEvent("content_block_start", data);
    }

    private static SseEvent blockDelta(int index, String deltaType, String field, String value) {
        ObjectNode delta = JsonTrees.object();
        delta.put("type", deltaType);
        delta.put(field, value);
        ObjectNode data = data("content_block_delta");
        data.put("index", index);
        data.set("delta", delta);
        return new SseEvent("content_block_delta", data);
    }

    private static ObjectNode data(String type) {
        ObjectNode data = JsonTrees.object();
        data.put("type", type);
        return data;
    }
}
