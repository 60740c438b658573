package dev.claudeconnector.translate;

import dev.claudeconnector.json.JsonTrees;
import static dev.claudeconnector.translate.RequestShape.invalid;
import static dev.claudeconnector.translate.RequestShape.missing;
import static dev.claudeconnector.translate.RequestShape.optionalArray;
import static dev.claudeconnector.translate.RequestShape.optionalBoolean;
import static dev.claudeconnector.translate.RequestShape.optionalNumber;
import static dev.claudeconnector.translate.RequestShape.optionalText;
import static dev.claudeconnector.translate.RequestShape.requireObject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Anthropic Messages request to OpenAI chat-completions request.
 *
 * <p>The output is built from known fields only. Anything else the client sends is left out on
 * purpose: Open WebUI treats keys such as {@code chat_id}, {@code session_id} or {@code id} as a
 * request to run the chat in the background and answers asynchronously, which the proxy cannot use.
 */
public final class RequestTranslator {
    /** Anthropic's smallest thinking budget; below it an upstream Claude refuses the request. */
    static final int MIN_THINKING_BUDGET = 1024;

    private RequestTranslator() {
    }

    /**
     * Translates a Messages request ({@code POST /v1/messages}); {@code max_tokens} is required, as
     * in the Anthropic API.
     *
     * @throws InvalidRequestException when the request is malformed or asks for something the
     *                                 upstream cannot do; the message names the field
     */
    public static OpenAiRequest toOpenAi(JsonNode anthropicRequest, UpstreamTarget target) {
        return translate(anthropicRequest, target, true);
    }

    /**
     * Translates a token-counting request ({@code POST /v1/messages/count_tokens}), which has no
     * {@code max_tokens}: one sent is still checked and clamped, an absent one becomes the model's
     * limit. Otherwise the same translation as {@link #toOpenAi}, so the count is of what would be sent.
     *
     * @throws InvalidRequestException as {@link #toOpenAi} does
     */
    public static OpenAiRequest forCounting(JsonNode anthropicRequest, UpstreamTarget target) {
        return translate(anthropicRequest, target, false);
    }

    private static OpenAiRequest translate(JsonNode anthropicRequest, UpstreamTarget target, boolean maxTokensRequired) {
        if (anthropicRequest == null || !anthropicRequest.isObject()) {
            throw new InvalidRequestException("request body: must be a JSON object, got "
                    + Json.describe(anthropicRequest));
        }
        Objects.requireNonNull(target, "target");
        JsonNode request = anthropicRequest;
        Set<String> toolNames = new LinkedHashSet<>();

        ConversationTranslator conversation = new ConversationTranslator(toolNames);
        conversation.system(request.get("system"), "system");
        conversation.messages(request.get("messages"));

        ObjectNode body = JsonTrees.object();
        body.put("model", target.upstreamModel());
        body.set("messages", conversation.finish());

        int maxTokens = maxTokens(request, target, maxTokensRequired);
        if (maxTokens > 0) {
            body.put("max_tokens", maxTokens);
        }
        boolean stream = optionalBoolean(request, "stream", "", false);
        body.put("stream", stream);
        if (stream) {
            // Without it OpenAI-style servers send no usage at all in a stream.
            body.putObject("stream_options").put("include_usage", true);
        }
        copyNumber(request, "temperature", body);
        copyNumber(request, "top_p", body);
        ArrayNode stop = stopSequences(request);
        if (stop != null) {
            body.set("stop", stop);
        }

        Set<String> offered = new LinkedHashSet<>();
        ArrayNode tools = ToolDefinitions.tools(request.get("tools"), offered);
        toolNames.addAll(offered);
        if (tools != null) {
            body.set("tools", tools);
        }
        ToolDefinitions.toolChoice(request.get("tool_choice"), request.get("tools"), tools, body);

        JsonNode metadata = request.get("metadata");
        if (!Json.absent(metadata)) {
            JsonNode user = optionalText(requireObject(metadata, "metadata"), "user_id", "metadata");
            if (user != null && !EscapedText.isEmpty(user)) {
                body.set("user", user);
            }
        }
        if (target.passesExtendedOptions()) {
            copyExtendedOptions(request, body, maxTokens);
        }
        return new OpenAiRequest(body, ToolNames.forRequest(toolNames, offered), stream);
    }

    /** The client's {@code max_tokens} clamped to the model's limit; the limit when absent and allowed to be. */
    private static int maxTokens(JsonNode request, UpstreamTarget target, boolean required) {
        JsonNode value = request.get("max_tokens");
        int limit = target.maxOutputTokens();
        if (Json.absent(value)) {
            if (required) {
                throw missing("max_tokens", "the most tokens the answer may use, a positive integer such as 4096");
            }
            return Math.max(limit, 0);
        }
        if (!value.isIntegralNumber() || value.asLong() <= 0) {
            throw invalid("max_tokens", "must be a positive integer, got "
                    + (value.isNumber() ? value.asText() : Json.describe(value)));
        }
        long requested = value.asLong();
        return (int) (limit > 0 ? Math.min(requested, limit) : Math.min(requested, Integer.MAX_VALUE));
    }

    private static void copyNumber(JsonNode request, String field, ObjectNode body) {
        JsonNode value = optionalNumber(request, field, "");
        if (value != null) {
            body.set(field, value);
        }
    }

    private static ArrayNode stopSequences(JsonNode request) {
        JsonNode sequences = optionalArray(request, "stop_sequences", "");
        if (sequences == null || sequences.isEmpty()) {
            return null;
        }
        ArrayNode stop = JsonTrees.array();
        for (int i = 0; i < sequences.size(); i++) {
            JsonNode sequence = sequences.get(i);
            if (!sequence.isTextual()) {
                throw invalid(RequestShape.at("stop_sequences", i), "must be a string, got " + Json.describe(sequence));
            }
            stop.add(sequence);
        }
        return stop;
    }

    /**
     * Copies the Anthropic-only options a catalog model accepts. One adjustment: an enabled
     * thinking budget must stay below {@code max_tokens}, and clamping {@code max_tokens} to the
     * model's limit can break that (Claude Code sends 32000 with a budget of 31999), so the budget
     * follows the clamp; when too little room is left for the minimum budget, thinking is left out.
     */
    private static void copyExtendedOptions(JsonNode request, ObjectNode body, int maxTokens) {
        for (String field : new String[] {"top_k", "context_management", "output_config"}) {
            JsonNode value = request.get(field);
            if (!Json.absent(value)) {
                body.set(field, value);
            }
        }
        JsonNode thinking = request.get("thinking");
        if (Json.absent(thinking)) {
            return;
        }
        JsonNode budget = thinking.get("budget_tokens");
        if (maxTokens > 0 && budget != null && budget.isIntegralNumber() && budget.asLong() >= maxTokens) {
            if (maxTokens - 1 < MIN_THINKING_BUDGET) {
                return;
            }
            ObjectNode adjusted = ((ObjectNode) thinking).deepCopy();
            adjusted.put("budget_tokens", maxTokens - 1);
            thinking = adjusted;
        }
        body.set("thinking", thinking);
    }
}
