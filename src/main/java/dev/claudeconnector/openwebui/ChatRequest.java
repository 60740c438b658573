package dev.claudeconnector.openwebui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudeconnector.json.JsonBytes;
import dev.claudeconnector.json.JsonTrees;

/**
 * A chat-completions body as it goes to Open WebUI, serialised once: the bytes are what a replay
 * after a token renewal sends again, so the JSON tree they came from is garbage before the call
 * is even answered (a proxy holding dozens of calls in flight holds kilobytes, not trees). They
 * are written into one array sized from the client's body (a translated request is about as long:
 * 2-3 % shorter for Claude Code's) and sent from it as they are, with their length: no copy on the way
 * (with room before them for the call's head: {@link #HEAD_ROOM}).
 *
 * @param json   the body, with {@code params.function_calling: "legacy"} (see {@link #of})
 * @param stream whether it asks for an SSE stream
 */
public record ChatRequest(JsonBytes json, boolean stream) {
    /**
     * Bytes left free before the body for the call's head (request line and headers: ~420 with a
     * token of Open WebUI's own), so head and body leave in one write ({@link RequestHead}).
     */
    static final int HEAD_ROOM = 1024;

    /**
     * The body gets {@code params.function_calling: "legacy"}: Open WebUI 0.10 lets a request's
     * {@code params.function_calling} override the model's native function calling (main.py,
     * {@code chat_completion}), which keeps its built-in tools out of the request; versions that do
     * not know it ignore it, and every version takes {@code params} out before calling the provider
     * ({@code apply_params_to_form_data} in utils/payload.py).
     *
     * @param clientLength the client's body's length (0 when it sent none): the array starts a
     *                     sixteenth and 512 bytes above it, and doubles if that is short
     */
    public static ChatRequest of(ObjectNode body, int clientLength) {
        body.putObject("params").put("function_calling", "legacy");
        return new ChatRequest(JsonTrees.bytes(body, clientLength + clientLength / 16 + 512, HEAD_ROOM),
                body.path("stream").asBoolean(false));
    }
}
