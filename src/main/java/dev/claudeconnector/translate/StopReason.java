package dev.claudeconnector.translate;

/** OpenAI {@code finish_reason} to Anthropic {@code stop_reason}. */
final class StopReason {
    private StopReason() {
    }

    /**
     * @param finishReason  the upstream's reason, possibly null (a stream that ended without one)
     * @param sawToolCalls  whether the answer holds tool calls: some servers say "stop" after tool
     *                      calls, but Claude Code runs tools only when told {@code tool_use}
     */
    static String of(String finishReason, boolean sawToolCalls) {
        if (finishReason != null) {
            switch (finishReason) {
                case "length":
                    return "max_tokens";
                case "tool_calls", "function_call":
                    // Said without any call (seen with empty tool_calls arrays): Claude Code would
                    // wait for tool_use blocks that do not exist.
                    return sawToolCalls ? "tool_use" : "end_turn";
                case "content_filter":
                    return "refusal";
                default:
                    break;
            }
        }
        return sawToolCalls ? "tool_use" : "end_turn";
    }
}
