package dev.claudeconnector.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudeconnector.json.JsonTrees;

/**
 * Token counts in Anthropic's terms. OpenAI's {@code prompt_tokens} includes cached tokens while
 * Anthropic's {@code input_tokens} does not (the cached part is {@code cache_read_input_tokens}),
 * so the cached count is subtracted; Claude Code adds the two back up for its context meter.
 */
record TokenUsage(long inputTokens, long outputTokens, long cacheReadInputTokens) {

    /** From an OpenAI {@code usage} object; null when there is none. */
    static TokenUsage fromOpenAi(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        long prompt = count(usage, "prompt_tokens", "input_tokens");
        long completion = count(usage, "completion_tokens", "output_tokens");
        JsonNode details = usage.get("prompt_tokens_details");
        long cached = details != null && details.isObject() ? count(details, "cached_tokens", null) : 0;
        cached = Math.min(cached, prompt);
        return new TokenUsage(prompt - cached, completion, cached);
    }

    /** The full Anthropic usage object of a message. */
    ObjectNode toMessageUsage() {
        ObjectNode usage = JsonTrees.object();
        usage.put("input_tokens", inputTokens);
        usage.put("output_tokens", outputTokens);
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", cacheReadInputTokens);
        return usage;
    }

    /** The usage object of a {@code message_delta} event. */
    ObjectNode toDeltaUsage() {
        ObjectNode usage = JsonTrees.object();
        usage.put("input_tokens", inputTokens);
        usage.put("output_tokens", outputTokens);
        usage.put("cache_read_input_tokens", cacheReadInputTokens);
        return usage;
    }

    /** A non-negative count from the first field present (servers differ in naming). */
    private static long count(JsonNode parent, String field, String alternative) {
        JsonNode value = parent.get(field);
        if ((value == null || !value.isNumber()) && alternative != null) {
            value = parent.get(alternative);
        }
        return value != null && value.isNumber() ? Math.max(0, value.asLong()) : 0;
    }
}
