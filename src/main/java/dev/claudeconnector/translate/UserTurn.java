package dev.claudeconnector.translate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The text and image parts of one upstream user message, in order.
 *
 * <p>A message with only text becomes a plain string: Open WebUI's filters and many
 * OpenAI-compatible servers handle string content best, and the parts array is needed only for
 * images. Also used to flatten a tool result's blocks.
 */
final class UserTurn {
    static final String JOINER = "\n\n";

    /** Each element is a String (text) or an ObjectNode (an image_url part). */
    private final List<Object> parts = new ArrayList<>();
    private int images;

    /** Adds text; blank text is dropped because upstreams reject whitespace-only content. */
    void text(String text) {
        if (text != null && !text.isBlank()) {
            parts.add(text);
        }
    }

    void image(String url) {
        ObjectNode imageUrl = Json.object();
        imageUrl.put("url", url);
        ObjectNode part = Json.object();
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
        for (Object part : other.parts) {
            if (part instanceof ObjectNode) {
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

    /** All text parts joined; images are left out. */
    String joinedText() {
        if (parts.size() == 1 && parts.get(0) instanceof String only) {
            return only;
        }
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof String text) {
                if (!out.isEmpty()) {
                    out.append(JOINER);
                }
                out.append(text);
            }
        }
        return out.toString();
    }

    /** The upstream user message; call only when not empty. */
    ObjectNode toMessage() {
        ObjectNode message = Json.object();
        message.put("role", "user");
        if (images == 0) {
            message.put("content", joinedText());
            return message;
        }
        ArrayNode content = message.putArray("content");
        for (Object part : parts) {
            if (part instanceof String text) {
                content.addObject().put("type", "text").put("text", text);
            } else {
                content.add((ObjectNode) part);
            }
        }
        return message;
    }

    void clear() {
        parts.clear();
        images = 0;
    }
}
