package dev.claudeconnector.openwebui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudeconnector.json.JsonTrees;

/**
 * A chat-completions body as it goes to Open WebUI, serialised once: the bytes are what a replay
 * after a token renewal sends again, so the JSON tree they came from is garbage before the call
 * is even answered (a proxy holding dozens of calls in flight holds kilobytes, not trees).
 *
 * @param json   the body, with {@code params.function_calling: "legacy"} (see {@link #of})
 * @param stream whether it asks for an SSE stream
 */
public record ChatRequest(byte[] json, boolean stream) {
    /**
     * The body gets {@code params.function_calling: "legacy"}: Open WebUI 0.10 lets a request's
     * {@code params.function_calling} override the model's native function calling (main.py,
     * {@code chat_completion}), which keeps its built-in tools out of the request; versions that do
     * not know it ignore it, and every version takes {@code params} out before calling the provider
     * ({@code apply_params_to_form_data} in utils/payload.py).
     */
    public static ChatRequest of(ObjectNode body) {
        body.putObject("params").put("function_calling", "legacy");
        return new ChatRequest(JsonTrees.bytes(body), body.path("stream").asBoolean(false));
    }
}
