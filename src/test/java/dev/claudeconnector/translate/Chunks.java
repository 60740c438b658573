package dev.claudeconnector.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Hand-made OpenAI stream chunks and a compact notation of Anthropic event sequences. */
final class Chunks {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Chunks() {
    }

    static ObjectNode delta(ObjectNode delta) {
        ObjectNode chunk = NODES.objectNode();
        chunk.put("id", "chatcmpl-x").put("object", "chat.completion.chunk");
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("finish_reason");
        return chunk;
    }

    static ObjectNode text(String text) {
        return delta(NODES.objectNode().put("content", text));
    }

    static ObjectNode reasoning(String text) {
        return delta(NODES.objectNode().put("reasoning_content", text));
    }

    /** A tool-call fragment; null id/name/arguments are left out. */
    static ObjectNode tool(Integer index, String id, String name, String arguments) {
        ObjectNode call = NODES.objectNode();
        if (index != null) {
            call.put("index", index);
        }
        if (id != null) {
            call.put("id", id).put("type", "function");
        }
        ObjectNode function = call.putObject("function");
        if (name != null) {
            function.put("name", name);
        }
        if (arguments != null) {
            function.put("arguments", arguments);
        }
        ObjectNode delta = NODES.objectNode();
        delta.putArray("tool_calls").add(call);
        return delta(delta);
    }

    static ObjectNode finish(String reason) {
        ObjectNode chunk = delta(NODES.objectNode());
        ((ObjectNode) chunk.get("choices").get(0)).put("finish_reason", reason);
        return chunk;
    }

    static ObjectNode usage(int prompt, int completion) {
        ObjectNode chunk = NODES.objectNode();
        chunk.putArray("choices");
        chunk.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
        return chunk;
    }

    /** Runs a whole stream: start, every chunk, finish. */
    static List<SseEvent> run(List<? extends JsonNode> chunks) {
        return run(new StreamTranslator("msg_01Stream", "claude-opus-5-5", ToolNames.none(), 50), chunks);
    }

    static List<SseEvent> run(StreamTranslator translator, List<? extends JsonNode> chunks) {
        List<SseEvent> events = new ArrayList<>(translator.start());
        for (JsonNode chunk : chunks) {
            events.addAll(translator.onChunk(chunk));
        }
        events.addAll(translator.finish());
        return events;
    }

    /**
     * The sequence in a compact notation, consecutive identical deltas collapsed:
     * {@code start | 0+text | 0:text_delta*3 | 0- | delta:end_turn | stop}.
     */
    static String shape(List<SseEvent> events) {
        List<String> tokens = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (SseEvent event : events) {
            JsonNode data = event.data();
            String token = switch (event.type()) {
                case "message_start" -> "start";
                case "content_block_start" -> data.get("index").asInt() + "+" + data.get("content_block").get("type").asText();
                case "content_block_delta" -> data.get("index").asInt() + ":" + data.get("delta").get("type").asText();
                case "content_block_stop" -> data.get("index").asInt() + "-";
                case "message_delta" -> "delta:" + data.get("delta").get("stop_reason").asText();
                case "message_stop" -> "stop";
                case "error" -> "error:" + data.get("error").get("type").asText();
                default -> event.type();
            };
            int last = tokens.size() - 1;
            if (last >= 0 && tokens.get(last).equals(token) && token.contains(":") && !token.startsWith("delta")
                    && !token.startsWith("error")) {
                counts.set(last, counts.get(last) + 1);
            } else {
                tokens.add(token);
                counts.add(1);
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            out.append(i == 0 ? "" : " | ").append(tokens.get(i)).append(counts.get(i) > 1 ? "*" + counts.get(i) : "");
        }
        return out.toString();
    }

    /** All partial_json of one block index, concatenated. */
    static String inputJson(List<SseEvent> events, int index) {
        StringBuilder json = new StringBuilder();
        for (SseEvent event : events) {
            JsonNode delta = event.data().get("delta");
            if (event.type().equals("content_block_delta") && event.data().get("index").asInt() == index
                    && delta.get("type").asText().equals("input_json_delta")) {
                json.append(delta.get("partial_json").asText());
            }
        }
        return json.toString();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }
}
