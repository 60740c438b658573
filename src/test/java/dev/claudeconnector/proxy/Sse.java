package dev.claudeconnector.proxy;

import com.anthropic.models.messages.Message;
import dev.claudeconnector.translate.SdkStreamCheck;

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

    /**
     * Runs the events through the official SDK's accumulator (which rejects a malformed sequence),
     * after the ordering checks the accumulator leaves out.
     */
    static Message accumulate(List<Event> events) {
        return SdkStreamCheck.accumulate(events.stream().map(Event::data).toList());
    }
}
