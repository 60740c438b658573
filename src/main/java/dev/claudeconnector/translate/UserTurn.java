package dev.claudeconnector.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.claudeconnector.json.JsonTrees;
import java.util.ArrayList;
import java.util.List;

/**
 * The text and image parts of one upstream user message, in order.
 *
 * <p>A message with only text becomes a plain string: Open WebUI's filters and many
 * OpenAI-compatible servers handle string content best, and the parts array is needed only for
 * images. Also used to flatten a tool result's blocks. Texts are kept as the client's string
 * nodes ({@link EscapedText} for long ones) and joined without being decoded.
 */
final class UserTurn {
    static final String JOINER = "\n\n";

    /** Each element is a string node (text) or an ObjectNode (an image_url part). */
    private final List<JsonNode> parts = new ArrayList<>();
    private int images;

    /** Adds text; blank text is dropped because upstreams reject whitespace-only content. */
    void text(String text) {
        if (text != null) {
            text(TextNode.valueOf(text));
        }
    }

    /** Adds the text of a string node, as {@link #text(String)} does. */
    void text(JsonNode text) {
        if (!EscapedText.isBlank(text)) {
            parts.add(text);
        }
    }

    /** @param url the image's URL or data URL, a string node */
    void image(JsonNode url) {
        ObjectNode imageUrl = JsonTrees.object();
        imageUrl.set("url", url);
        ObjectNode part = JsonTrees.object();
        part.put("type", "image_url");
        part.set("image_url", imageUrl);
        parts.add(part);
        images++;
    }

    /** Appends everything another turn holds (used to merge adjacent user messages). */
    void appendAll(UserTurn other) {
        parts.addAll(other.parts);
        images += other.images;
    }

    /** Appends only the images of another turn. */
    void appendImages(UserTurn other) {
        for (JsonNode part : other.parts) {
            if (part.isObject()) {
                parts.add(part);
                images++;
            }
        }
    }

    boolean isEmpty() {
        return parts.isEmpty();
    }

    int imageCount() {
        return images;
    }

    /** All text parts joined (a string node); images are left out. */
    JsonNode joinedText() {
        List<JsonNode> texts = images == 0 ? parts : parts.stream().filter(JsonNode::isTextual).toList();
        return EscapedText.join(texts, JOINER);
    }

    /** The upstream user message; call only when not empty. */
    ObjectNode toMessage() {
        ObjectNode message = JsonTrees.object();
        message.put("role", "user");
        if (images == 0) {
            message.set("content", joinedText());
            return message;
        }
        ArrayNode content = message.putArray("content");
        for (JsonNode part : parts) {
            if (part.isTextual()) {
                content.addObject().put("type", "text").set("text", part);
            } else {
                content.add(part);
            }
        }
        return message;
    }

    void clear() {
        parts.clear();
        images = 0;
    }
}
