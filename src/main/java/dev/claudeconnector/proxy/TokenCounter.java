package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.claudeconnector.json.JsonTrees;

/**
 * Local estimate for {@code count_tokens}. Claude's own tokenizer is not public; cl100k_base over
 * the text the model will read (messages and tool definitions) comes within a few percent, which
 * is what Claude Code needs to decide when to compact.
 */
final class TokenCounter {
    /** Per-message framing the chat template adds around each message. */
    private static final int PER_MESSAGE = 4;

    /** The encoding's ranks take ~17 MB and ~0.3 s to load: only when the first count is asked for. */
    private static final class Cl100k {
        static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    }

    int count(JsonNode openAiRequest) {
        int total = 0;
        for (JsonNode message : openAiRequest.path("messages")) {
            total += PER_MESSAGE + countContent(message.path("content"));
            for (JsonNode call : message.path("tool_calls")) {
                total += countText(call.path("function").path("name").asText(""))
                        + countText(call.path("function").path("arguments").asText(""));
            }
        }
        JsonNode tools = openAiRequest.path("tools");
        if (!tools.isMissingNode()) {
            total += countText(JsonTrees.text(tools));
        }
        return total;
    }

    private int countContent(JsonNode content) {
        if (content.isTextual()) {
            return countText(content.asText());
        }
        int total = 0;
        for (JsonNode part : content) {
            if (part.has("text")) {
                total += countText(part.get("text").asText());
            } else if (part.has("image_url")) {
                total += 1600; // a typical image costs about this much for Claude
            }
        }
        return total;
    }

    private int countText(String text) {
        return text.isEmpty() ? 0 : Cl100k.ENCODING.countTokensOrdinary(text);
    }
}
