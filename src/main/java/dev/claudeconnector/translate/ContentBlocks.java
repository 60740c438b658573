package dev.claudeconnector.translate;

import static dev.claudeconnector.translate.RequestShape.at;
import static dev.claudeconnector.translate.RequestShape.invalid;
import static dev.claudeconnector.translate.RequestShape.optionalString;
import static dev.claudeconnector.translate.RequestShape.requireObject;
import static dev.claudeconnector.translate.RequestShape.requireString;
import static dev.claudeconnector.translate.RequestShape.requireText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;

/**
 * Converts the client's user-side content blocks (text, image, document, search result, and the
 * insides of tool results) into {@link UserTurn} parts. The upstream takes only text and images,
 * so anything else is either flattened to text or refused with a message that says what to do.
 */
final class ContentBlocks {
    private static final String USER_TYPES = "text, image, document, search_result, tool_result";
    private static final String TOOL_RESULT_TYPES = "text, image, document, search_result, tool_reference";

    private ContentBlocks() {
    }

    /** A text/image/document/search_result block of a user message; anything else is refused. */
    static void addUserBlock(JsonNode block, String type, String path, UserTurn into) {
        if (!addMedia(block, type, path, into)) {
            throw unsupported(path, type, USER_TYPES);
        }
    }

    /**
     * Flattens a tool_result's {@code content} (a string, an array of blocks, or absent) into text
     * and images. {@code tool_reference} blocks (Claude Code's ToolSearch) become a line naming the
     * loaded tool by the name the upstream model knows it by.
     */
    static UserTurn toolResultContent(JsonNode content, String path) {
        UserTurn turn = new UserTurn();
        if (Json.absent(content)) {
            return turn;
        }
        if (content.isTextual()) {
            turn.text(content);
            return turn;
        }
        if (!content.isArray()) {
            throw invalid(path, "must be a string or an array of content blocks, got " + Json.describe(content));
        }
        for (int k = 0; k < content.size(); k++) {
            String blockPath = at(path, k);
            JsonNode block = requireObject(content.get(k), blockPath);
            String type = requireString(block, "type", blockPath);
            if ("tool_reference".equals(type)) {
                String toolName = requireString(block, "tool_name", blockPath);
                turn.text("Tool loaded: " + ToolNames.upstreamNameOf(toolName));
            } else if (!addMedia(block, type, blockPath, turn)) {
                throw unsupported(blockPath, type, TOOL_RESULT_TYPES);
            }
        }
        return turn;
    }

    /** Handles the block types common to user content and tool results; false for other types. */
    private static boolean addMedia(JsonNode block, String type, String path, UserTurn into) {
        switch (type) {
            case "text" -> into.text(requireText(block, "text", path));
            case "image" -> into.image(imageUrl(block, path));
            case "document" -> addDocument(block, path, into);
            case "search_result" -> addSearchResult(block, path, into);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static JsonNode imageUrl(JsonNode block, String path) {
        String sourcePath = path + ".source";
        JsonNode source = requireObject(block.get("source"), sourcePath);
        String sourceType = requireString(source, "type", sourcePath);
        return switch (sourceType) {
            case "base64" -> EscapedText.prefixed("data:" + requireString(source, "media_type", sourcePath) + ";base64,",
                    requireText(source, "data", sourcePath));
            case "url" -> requireText(source, "url", sourcePath);
            default -> throw invalid(sourcePath + ".type", "image source type \"" + sourceType
                    + "\" cannot be sent to the upstream; send the image as \"base64\" or \"url\" instead");
        };
    }

    /**
     * Text documents are inlined (after their title); binary ones (PDF, files) cannot be: the
     * upstream chat API has no document input, and silently dropping one would make the model
     * answer about a file it never saw.
     */
    private static void addDocument(JsonNode block, String path, UserTurn into) {
        String sourcePath = path + ".source";
        JsonNode source = requireObject(block.get("source"), sourcePath);
        String sourceType = requireString(source, "type", sourcePath);
        String title = optionalString(block, "title", path);
        switch (sourceType) {
            case "text" -> into.text(titled(title, requireText(source, "data", sourcePath)));
            case "content" -> {
                into.text(title);
                JsonNode content = source.get("content");
                String contentPath = sourcePath + ".content";
                if (content != null && content.isTextual()) {
                    into.text(content);
                } else if (content != null && content.isArray()) {
                    for (int k = 0; k < content.size(); k++) {
                        String blockPath = at(contentPath, k);
                        JsonNode inner = requireObject(content.get(k), blockPath);
                        String innerType = requireString(inner, "type", blockPath);
                        switch (innerType) {
                            case "text" -> into.text(requireText(inner, "text", blockPath));
                            case "image" -> into.image(imageUrl(inner, blockPath));
                            default -> throw unsupported(blockPath, innerType, "text, image");
                        }
                    }
                } else {
                    throw invalid(contentPath, "must be a string or an array of text blocks, got "
                            + Json.describe(content));
                }
            }
            default -> {
                String mediaType = Json.text(source, "media_type");
                throw invalid(path, "document with source type \"" + sourceType + "\""
                        + (mediaType == null ? "" : " (" + mediaType + ")")
                        + " cannot be sent to the upstream, which accepts only text and images;"
                        + " paste the document's text into the message (or attach it as plain text) instead");
            }
        }
    }

    private static void addSearchResult(JsonNode block, String path, UserTurn into) {
        String title = optionalString(block, "title", path);
        String source = optionalString(block, "source", path);
        String heading = title == null ? source : source == null ? title : title + " (" + source + ")";
        into.text(heading);
        JsonNode content = block.get("content");
        if (content != null && content.isArray()) {
            for (int k = 0; k < content.size(); k++) {
                String blockPath = at(path + ".content", k);
                JsonNode inner = requireObject(content.get(k), blockPath);
                into.text(requireText(inner, "text", blockPath));
            }
        }
    }

    private static JsonNode titled(String title, JsonNode text) {
        return title == null || title.isBlank() ? text : EscapedText.join(List.of(TextNode.valueOf(title), text), UserTurn.JOINER);
    }

    static InvalidRequestException unsupported(String path, String type, String allowed) {
        return invalid(path + ".type", "unsupported content block type \"" + type
                + "\"; this proxy accepts " + allowed + " here");
    }
}
