package dev.claudeconnector.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudeconnector.json.JsonTrees;

/** Non-streaming OpenAI {@code chat.completion} to Anthropic {@code Message}. */
public final class ResponseTranslator {
    private ResponseTranslator() {
    }

    /**
     * @param messageId      the Anthropic message id the caller made ({@code msg_...})
     * @param requestedModel the model name the client asked for, echoed back as Anthropic does
     * @throws UpstreamFormatException   when the body is not a usable completion (errors inside a 2xx
     *                                   body are the caller's to find first)
     * @throws ForeignToolCallException  when the model called a tool the request did not offer and
     *                                   the answer cannot be used (see {@link ForeignToolCall})
     */
    public static ObjectNode toAnthropic(JsonNode openAiResponse, String messageId, String requestedModel,
                                         ToolNames names) {
        JsonNode message = firstChoiceMessage(openAiResponse);
        ToolNames toolNames = names == null ? ToolNames.none() : names;
        String foreign = foreignCall(message.get("tool_calls"), toolNames);
        JsonNode choice = openAiResponse.get("choices").get(0);
        ArrayNode content = JsonTrees.array();

        String reasoning = firstNonEmptyText(message, "reasoning_content", "reasoning");
        if (reasoning != null) {
            ObjectNode thinking = content.addObject();
            thinking.put("type", "thinking");
            thinking.put("thinking", reasoning);
            thinking.put("signature", "");
        }
        String text = Json.contentText(message.get("content"));
        String refusal = Json.text(message, "refusal");
        if (text.isEmpty() && refusal != null) {
            text = refusal;
        }
        if (!text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        boolean sawToolCalls = addToolUses(message.get("tool_calls"), messageId,
                names == null ? ToolNames.none() : names, content);
        if (content.isEmpty() && foreign != null) {
            throw new ForeignToolCallException(new ForeignToolCall(foreign, false));
        }

        ObjectNode out = JsonTrees.object();
        out.put("id", messageId);
        out.put("type", "message");
        out.put("role", "assistant");
        out.put("model", requestedModel);
        out.set("content", content);
        out.put("stop_reason", StopReason.of(Json.text(choice, "finish_reason"), sawToolCalls));
        out.putNull("stop_sequence");
        TokenUsage usage = TokenUsage.fromOpenAi(openAiResponse.get("usage"));
        // No usage reported: zeros rather than a guess; a non-streaming caller has no estimate here.
        out.set("usage", (usage == null ? new TokenUsage(0, 0, 0) : usage).toMessageUsage());
        return out;
    }

    private static JsonNode firstChoiceMessage(JsonNode response) {
        if (response == null || response.isNull() || response.isMissingNode()) {
            throw new UpstreamFormatException("upstream returned an empty body instead of a chat completion");
        }
        if (!response.isObject()) {
            throw new UpstreamFormatException("upstream returned " + Json.describe(response)
                    + " instead of a chat completion object");
        }
        JsonNode choices = response.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            String detail = Json.text(response, "detail");
            throw new UpstreamFormatException(detail != null
                    ? "upstream error: " + detail
                    : "upstream response has no choices (not a chat completion)");
        }
        JsonNode choice = choices.get(0);
        JsonNode message = choice == null ? null : choice.get("message");
        if (message == null || !message.isObject()) {
            throw new UpstreamFormatException("upstream response has no choices[0].message object");
        }
        return message;
    }

    /**
     * The first call to a tool the request did not offer, or null. When the request offered tools,
     * such a call means they were replaced: the answer is refused here. Without tools of its own,
     * the calls are dropped by {@link #addToolUses} and the caller learns of them only when nothing is left.
     */
    private static String foreignCall(JsonNode toolCalls, ToolNames names) {
        if (toolCalls == null || !toolCalls.isArray()) {
            return null;
        }
        for (JsonNode call : toolCalls) {
            String name = Json.text(call == null ? null : call.get("function"), "name");
            if (name != null && !name.isEmpty() && !names.mayCall(name)) {
                if (names.offersTools()) {
                    throw new ForeignToolCallException(new ForeignToolCall(name, true));
                }
                return name;
            }
        }
        return null;
    }

    /** Adds one tool_use block per function call the request offered; true when there was any. */
    private static boolean addToolUses(JsonNode toolCalls, String messageId, ToolNames names, ArrayNode content) {
        if (toolCalls == null || !toolCalls.isArray() || toolCalls.isEmpty()) {
            return false;
        }
        ToolCallIds ids = new ToolCallIds(messageId);
        boolean any = false;
        // i stays the call's position in the upstream list, so ids do not shift when a call is dropped
        for (int i = 0; i < toolCalls.size(); i++) {
            JsonNode call = toolCalls.get(i);
            JsonNode function = call == null ? null : call.get("function");
            String name = Json.text(function, "name");
            if (name == null || name.isEmpty()) {
                name = StreamTranslator.UNNAMED_TOOL;
            } else if (!names.mayCall(name)) {
                continue;
            }
            ObjectNode block = content.addObject();
            block.put("type", "tool_use");
            block.put("id", ids.assign(Json.text(call, "id"), i));
            block.put("name", names.toAnthropic(name));
            block.set("input", ToolArguments.parse(function == null ? null : function.get("arguments")));
            any = true;
        }
        return any;
    }

    private static String firstNonEmptyText(JsonNode node, String... fields) {
        for (String field : fields) {
            String value = Json.text(node, field);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }
}
