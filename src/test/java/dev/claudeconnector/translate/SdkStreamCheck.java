package dev.claudeconnector.translate;

import com.anthropic.core.ObjectMappers;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.claudeconnector.json.JsonTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks an Anthropic event stream the way a real client would: each event's {@code data} is
 * parsed with the official Anthropic Java SDK into a {@link RawMessageStreamEvent} and fed to its
 * {@link MessageAccumulator}, which rejects malformed sequences and invalid tool-input JSON. Before
 * that, the ordering rules the accumulator does not check are asserted: message_start first,
 * indices 0, 1, 2... in order, one block open at a time, every block stopped, message_delta then
 * message_stop last. Reusable by the proxy tests (public, no JUnit dependency).
 */
public final class SdkStreamCheck {
    private static final JsonMapper SDK_JSON = ObjectMappers.jsonMapper();

    private SdkStreamCheck() {
    }

    /**
     * @param dataJson the {@code data:} JSON of each event, in order ({@code ping} events allowed)
     * @return the message the SDK accumulated
     * @throws IllegalStateException when the sequence is malformed or carries an {@code error} event
     */
    public static Message accumulate(List<String> dataJson) {
        checkOrder(dataJson);
        MessageAccumulator accumulator = MessageAccumulator.create();
        for (String data : dataJson) {
            String type = parse(data).path("type").asText();
            if (type.equals("ping")) {
                continue;
            }
            try {
                accumulator.accumulate(SDK_JSON.readValue(data, RawMessageStreamEvent.class));
            } catch (IOException e) {
                throw new IllegalStateException("the SDK cannot parse event " + data, e);
            }
        }
        Message message = accumulator.message();
        message.validate();
        return message;
    }

    /** {@link #accumulate} for events this package made. */
    public static Message accumulateEvents(List<SseEvent> events) {
        List<String> data = new ArrayList<>();
        for (SseEvent event : events) {
            if (!event.type().equals(event.data().path("type").asText())) {
                throw new IllegalStateException("event name " + event.type() + " differs from data.type in " + event.data());
            }
            data.add(JsonTrees.text(event.data()));
        }
        return accumulate(data);
    }

    /** The {@code data:} JSON of each event in an SSE body as sent on the wire. */
    public static List<String> dataLines(String sseBody) {
        List<String> data = new ArrayList<>();
        for (String line : sseBody.split("\n")) {
            if (line.startsWith("data:")) {
                data.add(line.substring(5).strip());
            }
        }
        return data;
    }

    private static void checkOrder(List<String> dataJson) {
        List<String> types = new ArrayList<>();
        Integer open = null;
        int nextIndex = 0;
        Set<Integer> seen = new HashSet<>();
        for (String data : dataJson) {
            JsonNode event = parse(data);
            String type = event.path("type").asText();
            if (type.equals("ping")) {
                continue;
            }
            if (type.equals("error")) {
                throw new IllegalStateException("stream carries an error event: " + data);
            }
            if (types.isEmpty() != type.equals("message_start")) {
                throw new IllegalStateException("message_start must come first and once, got " + type + " after " + types);
            }
            if (!types.isEmpty() && types.get(types.size() - 1).equals("message_stop")) {
                throw new IllegalStateException("event after message_stop: " + data);
            }
            int index = event.path("index").asInt(-1);
            switch (type) {
                case "content_block_start" -> {
                    if (open != null) {
                        throw new IllegalStateException("block " + index + " starts while block " + open + " is open");
                    }
                    if (index != nextIndex || !seen.add(index)) {
                        throw new IllegalStateException("block index " + index + " where " + nextIndex + " was due");
                    }
                    open = index;
                    nextIndex++;
                }
                case "content_block_delta" -> {
                    if (open == null || open != index) {
                        throw new IllegalStateException("delta for block " + index + " while open is " + open);
                    }
                }
                case "content_block_stop" -> {
                    if (open == null || open != index) {
                        throw new IllegalStateException("stop for block " + index + " while open is " + open);
                    }
                    open = null;
                }
                case "message_delta" -> {
                    if (open != null) {
                        throw new IllegalStateException("message_delta while block " + open + " is open");
                    }
                }
                case "message_stop" -> {
                    if (!types.get(types.size() - 1).equals("message_delta")) {
                        throw new IllegalStateException("message_stop must follow message_delta");
                    }
                }
                case "message_start" -> { }
                default -> throw new IllegalStateException("unknown event type " + type);
            }
            types.add(type);
        }
        if (types.isEmpty() || !types.get(types.size() - 1).equals("message_stop")) {
            throw new IllegalStateException("stream does not end with message_stop: " + types);
        }
    }

    private static JsonNode parse(String data) {
        try {
            return SDK_JSON.readTree(data);
        } catch (IOException e) {
            throw new UncheckedIOException("event data is not JSON: " + data, e);
        }
    }
}
