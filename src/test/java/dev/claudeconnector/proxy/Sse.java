package dev.claudeconnector.proxy;

import com.anthropic.core.ObjectMappers;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.RawMessageStreamEvent;

import java.util.ArrayList;
import java.util.List;

/** Test helpers for server-sent events: build an upstream stream, read the proxy's. */
final class Sse {
    private Sse() {
    }

    /** An OpenAI-style SSE body from chunk JSON strings, ending with [DONE] when asked. */
    static String openAiStream(boolean done, String... chunks) {
        StringBuilder sb = new StringBuilder();
        for (String c : chunks) {
            sb.append("data: ").append(c).append("\n\n");
        }
        if (done) {
            sb.append("data: [DONE]\n\n");
        }
        return sb.toString();
    }

    /** One event of the proxy's stream. */
    record Event(String type, String data) {
    }

    static List<Event> parse(String body) {
        List<Event> events = new ArrayList<>();
        String type = null;
        for (String line : body.split("\n")) {
            if (line.startsWith("event:")) {
                type = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                events.add(new Event(type, line.substring(5).strip()));
                type = null;
            }
        }
        return events;
    }

    static List<String> types(List<Event> events) {
        return events.stream().map(Event::type).toList();
    }

    /** Runs the events through the official SDK's accumulator, which rejects a malformed sequence. */
    static Message accumulate(List<Event> events) {
        MessageAccumulator acc = MessageAccumulator.create();
        for (Event e : events) {
            if ("ping".equals(e.type())) {
                continue; // the SDK's stream reader drops pings before they reach the accumulator
            }
            try {
                acc.accumulate(ObjectMappers.jsonMapper().readValue(e.data(), RawMessageStreamEvent.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                throw new AssertionError("event is not valid JSON for the SDK: " + e, ex);
            }
        }
        return acc.message();
    }
}
