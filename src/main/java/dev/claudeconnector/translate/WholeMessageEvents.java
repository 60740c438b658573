package dev.claudeconnector.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudeconnector.json.JsonTrees;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole Anthropic message as the event sequence a stream of it would have been. For when the
 * client asked for a stream but the upstream answered with one JSON body (Open WebUI does so for
 * some errors and for pipes that do not stream): the client still gets the stream it expects.
 */
public final class WholeMessageEvents {
    private WholeMessageEvents() {
    }

    /** @param message an Anthropic Message, as {@link ResponseTranslator#toAnthropic} makes */
    public static List<SseEvent> events(JsonNode message) {
        JsonNode usage = message.path("usage");
        TokenUsage total = new TokenUsage(usage.path("input_tokens").asLong(), usage.path("output_tokens").asLong(),
                usage.path("cache_read_input_tokens").asLong());
        List<SseEvent> out = new ArrayList<>();
        SseEvent start = StreamEvents.messageStart(message.path("id").asText(), message.path("model").asText(),
                (int) Math.min(Integer.MAX_VALUE, total.inputTokens()));
        ((ObjectNode) start.data().get("message").get("usage")).put("cache_read_input_tokens", total.cacheReadInputTokens());
        out.add(start);
        int index = 0;
        for (JsonNode block : message.path("content")) {
            addBlock(index++, block, out);
        }
        String stopReason = message.path("stop_reason").isTextual() ? message.get("stop_reason").textValue() : "end_turn";
        out.add(StreamEvents.messageDelta(stopReason, total));
        out.add(StreamEvents.messageStop());
        return out;
    }

    private static void addBlock(int index, JsonNode block, List<SseEvent> out) {
        switch (block.path("type").asText()) {
            case "text" -> {
                out.add(StreamEvents.textStart(index));
                out.add(StreamEvents.textDelta(index, block.path("text").asText()));
            }
            case "thinking" -> {
                out.add(StreamEvents.thinkingStart(index));
                out.add(StreamEvents.thinkingDelta(index, block.path("thinking").asText()));
                out.add(StreamEvents.signatureDelta(index));
            }
            case "tool_use" -> {
                out.add(StreamEvents.toolUseStart(index, block.path("id").asText(), block.path("name").asText()));
                JsonNode input = block.get("input");
                out.add(StreamEvents.inputJsonDelta(index, input != null && input.isObject() ? JsonTrees.text(input) : "{}"));
            }
            default -> {
                // Blocks without deltas (e.g. redacted_thinking) are sent whole in their start event.
                ObjectNode data = JsonTrees.object();
                data.put("type", "content_block_start");
                data.put("index", index);
                data.set("content_block", block);
                out.add(new SseEvent("content_block_start", data));
            }
        }
        out.add(StreamEvents.blockStop(index));
    }
}
