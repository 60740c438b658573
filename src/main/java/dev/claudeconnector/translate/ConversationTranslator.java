package dev.claudeconnector.translate;

import dev.claudeconnector.json.JsonTrees;
import static dev.claudeconnector.translate.RequestShape.at;
import static dev.claudeconnector.translate.RequestShape.invalid;
import static dev.claudeconnector.translate.RequestShape.requireNonEmptyString;
import static dev.claudeconnector.translate.RequestShape.requireObject;
import static dev.claudeconnector.translate.RequestShape.requireString;
import static dev.claudeconnector.translate.RequestShape.requireText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Anthropic {@code system} + {@code messages} to OpenAI {@code messages}, in one pass.
 *
 * <p>Shape of the output, and why:
 * <ul>
 * <li>One leading system message: the top-level {@code system} plus every {@code role:"system"}
 *     message Claude Code puts mid-conversation, folded in order. Upstreams (Bedrock behind Open
 *     WebUI) accept a single system prompt, not system turns between user turns.</li>
 * <li>Tool results become {@code role:"tool"} messages right after the assistant message that
 *     made the calls; a user message's own text and images, and images a tool returned (tool
 *     messages carry text only), follow in one user message.</li>
 * <li>The tool-call pairing OpenAI enforces is repaired rather than refused: a result whose call is
 *     not in the preceding assistant message becomes text in the user message, and a call left
 *     without a result gets a placeholder result. Claude Code produces both after interruptions
 *     and compaction, and an upstream 400 there would wedge the session.</li>
 * <li>Adjacent user messages (e.g. around a folded system message) are merged, since some
 *     upstreams require user and assistant turns to alternate.</li>
 * <li>Nothing empty is sent: thinking blocks (the upstream cannot verify their signatures) and
 *     blank text are dropped, and so is a message left with nothing.</li>
 * </ul>
 */
final class ConversationTranslator {
    static final String NO_OUTPUT = "(no output)";
    static final String ERROR_MARK = "[tool error] ";
    static final String NO_RESULT = "(no result was recorded for this tool call)";
    private static final String ASSISTANT_TYPES = "text, tool_use, thinking, redacted_thinking";

    private final Set<String> usedToolNames;
    /** The system prompt's parts (string nodes), joined once at the end without being decoded. */
    private final List<JsonNode> system = new ArrayList<>();
    private final ArrayNode out = JsonTrees.array();
    /** User content not yet emitted, so an adjacent user message can be merged into it. */
    private final UserTurn pendingUser = new UserTurn();
    /** Upstream ids of the last assistant message's tool calls that have no result yet. */
    private final List<String> unanswered = new ArrayList<>();

    /** @param usedToolNames collects every tool name met, for the reverse name mapping */
    ConversationTranslator(Set<String> usedToolNames) {
        this.usedToolNames = usedToolNames;
    }

    /** Folds a top-level {@code system} value or a system message's content into the system prompt. */
    void system(JsonNode content, String path) {
        if (Json.absent(content)) {
            return;
        }
        if (content.isTextual()) {
            appendText(system, content);
            return;
        }
        if (!content.isArray()) {
            throw invalid(path, "must be a string or an array of text blocks, got " + Json.describe(content));
        }
        for (int j = 0; j < content.size(); j++) {
            String blockPath = at(path, j);
            JsonNode block = requireObject(content.get(j), blockPath);
            String type = requireString(block, "type", blockPath);
            if (!"text".equals(type)) {
                throw ContentBlocks.unsupported(blockPath, type, "text");
            }
            appendText(system, requireText(block, "text", blockPath));
        }
    }

    void messages(JsonNode messages) {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw invalid("messages", "must be a non-empty array of messages, got "
                    + (messages != null && messages.isArray() ? "an empty array" : Json.describe(messages)));
        }
        for (int i = 0; i < messages.size(); i++) {
            String path = at("messages", i);
            JsonNode message = requireObject(messages.get(i), path);
            JsonNode roleNode = message.get("role");
            String role = roleNode != null && roleNode.isTextual() ? roleNode.textValue() : null;
            if (role == null || !(role.equals("user") || role.equals("assistant") || role.equals("system"))) {
                throw invalid(path + ".role", "must be \"user\", \"assistant\" or \"system\", got "
                        + (role == null ? Json.describe(roleNode) : Json.quote(role)));
            }
            JsonNode content = message.get("content");
            String contentPath = path + ".content";
            if (role.equals("system")) {
                system(content, contentPath);
                continue;
            }
            if (content == null || !(content.isTextual() || content.isArray())) {
                throw invalid(contentPath, "must be a string or an array of content blocks, got "
                        + Json.describe(content));
            }
            if (role.equals("user")) {
                user(content, contentPath);
            } else {
                assistant(content, contentPath);
            }
        }
    }

    /** The finished message list, system prompt first. */
    ArrayNode finish() {
        flushUser();
        if (out.isEmpty()) {
            // Upstreams answer an obscure 400 to a conversation of only a system prompt.
            throw invalid("messages", "no user or assistant content is left to send: every message is empty,"
                    + " a system message, or only thinking blocks; add a user message with some text");
        }
        if (!system.isEmpty()) {
            ObjectNode message = JsonTrees.object();
            message.put("role", "system");
            message.set("content", EscapedText.join(system, UserTurn.JOINER));
            out.insert(0, message);
        }
        return out;
    }

    private void user(JsonNode content, String path) {
        UserTurn own = new UserTurn();
        UserTurn toolImages = new UserTurn();
        List<ObjectNode> toolMessages = new ArrayList<>();
        if (content.isTextual()) {
            own.text(content);
        } else {
            for (int j = 0; j < content.size(); j++) {
                String blockPath = at(path, j);
                JsonNode block = requireObject(content.get(j), blockPath);
                String type = requireString(block, "type", blockPath);
                switch (type) {
                    case "tool_result" -> toolResult(block, blockPath, toolMessages, toolImages, own);
                    case "thinking", "redacted_thinking" -> { }
                    default -> ContentBlocks.addUserBlock(block, type, blockPath, own);
                }
            }
        }
        if (!toolMessages.isEmpty() || !unanswered.isEmpty()) {
            // Only right after an assistant message: pendingUser was flushed when it was emitted.
            toolMessages.forEach(out::add);
            answerUnanswered();
        }
        pendingUser.appendAll(toolImages);
        pendingUser.appendAll(own);
    }

    private void toolResult(JsonNode block, String path, List<ObjectNode> toolMessages,
                            UserTurn toolImages, UserTurn own) {
        String id = ToolCallIds.toUpstream(requireNonEmptyString(block, "tool_use_id", path));
        UserTurn result = ContentBlocks.toolResultContent(block.get("content"), path + ".content");
        JsonNode text = result.joinedText();
        int images = result.imageCount();
        if (images > 0) {
            TextNode note = TextNode.valueOf("(" + images + (images == 1 ? " image" : " images")
                    + " attached in the next user message)");
            text = EscapedText.isEmpty(text) ? note : EscapedText.join(List.of(text, note), UserTurn.JOINER);
        }
        if (EscapedText.isEmpty(text)) {
            text = TextNode.valueOf(NO_OUTPUT);
        }
        if (RequestShape.optionalBoolean(block, "is_error", path, false)) {
            text = EscapedText.prefixed(ERROR_MARK, text);
        }
        if (unanswered.remove(id)) {
            ObjectNode message = JsonTrees.object();
            message.put("role", "tool");
            message.put("tool_call_id", id);
            message.set("content", text);
            toolMessages.add(message);
            toolImages.appendImages(result);
        } else {
            own.text(EscapedText.prefixed("[result of tool call " + id + "]\n", text));
            own.appendImages(result);
        }
    }

    private void assistant(JsonNode content, String path) {
        List<JsonNode> text = new ArrayList<>();
        ArrayNode toolCalls = null;
        if (content.isTextual()) {
            appendText(text, content);
        } else {
            for (int j = 0; j < content.size(); j++) {
                String blockPath = at(path, j);
                JsonNode block = requireObject(content.get(j), blockPath);
                String type = requireString(block, "type", blockPath);
                switch (type) {
                    case "text" -> appendText(text, requireText(block, "text", blockPath));
                    case "tool_use" -> {
                        if (toolCalls == null) {
                            toolCalls = JsonTrees.array();
                        }
                        toolCalls.add(toolCall(block, blockPath));
                    }
                    case "thinking", "redacted_thinking" -> { }
                    default -> {
                        // Server-tool blocks come from a real Anthropic session being resumed here;
                        // the upstream cannot replay them and they answer nothing of ours.
                        if (!type.equals("server_tool_use") && !type.endsWith("_tool_result")) {
                            throw ContentBlocks.unsupported(blockPath, type, ASSISTANT_TYPES);
                        }
                    }
                }
            }
        }
        if (text.isEmpty() && toolCalls == null) {
            return; // nothing to send; what is pending stays pending for the next message
        }
        answerUnanswered();
        flushUser();
        ObjectNode message = out.addObject();
        message.put("role", "assistant");
        if (text.isEmpty()) {
            message.putNull("content");
        } else {
            message.set("content", EscapedText.join(text, UserTurn.JOINER));
        }
        if (toolCalls != null) {
            message.set("tool_calls", toolCalls);
            for (JsonNode call : toolCalls) {
                unanswered.add(call.get("id").textValue());
            }
        }
    }

    private ObjectNode toolCall(JsonNode block, String path) {
        String id = requireNonEmptyString(block, "id", path);
        String name = requireNonEmptyString(block, "name", path);
        JsonNode input = block.get("input");
        VerbatimJson verbatim = input instanceof VerbatimJson v ? v : null; // RequestBody's: the client's own text
        if (verbatim != null ? !verbatim.isObjectValue() : !Json.absent(input) && !input.isObject()) {
            throw invalid(path + ".input", "must be an object, got " + Json.describe(input));
        }
        usedToolNames.add(name);
        ObjectNode function = JsonTrees.object();
        function.put("name", ToolNames.upstreamNameOf(name));
        function.set("arguments", verbatim != null ? verbatim.asArguments()
                : Json.absent(input) ? TextNode.valueOf("{}") : EscapedText.ofJson(JsonTrees.bytes(input)));
        ObjectNode call = JsonTrees.object();
        call.put("id", ToolCallIds.toUpstream(id));
        call.put("type", "function");
        call.set("function", function);
        return call;
    }

    /** Adds a text part (system prompt or assistant text) unless it is blank. */
    private static void appendText(List<JsonNode> text, JsonNode part) {
        if (!EscapedText.isBlank(part)) {
            text.add(part);
        }
    }

    /** Placeholder results for calls the client never answered, so the upstream accepts the history. */
    private void answerUnanswered() {
        for (String id : unanswered) {
            ObjectNode message = out.addObject();
            message.put("role", "tool");
            message.put("tool_call_id", id);
            message.put("content", NO_RESULT);
        }
        unanswered.clear();
    }

    private void flushUser() {
        if (!pendingUser.isEmpty()) {
            out.add(pendingUser.toMessage());
            pendingUser.clear();
        }
    }
}
