package dev.claudeconnector.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One Anthropic server-sent event: its {@code event:} name and its {@code data:} JSON. */
public record SseEvent(String type, ObjectNode data) {

    /** The event as it goes on the wire, blank line included. */
    public String wire() {
        return "event: " + type + "\ndata: " + Json.compact(data) + "\n\n";
    }

    /** The {@code data:} JSON as compact UTF-8: what {@link #wire} holds, without a string in between. */
    public byte[] dataJson() {
        return Json.compactBytes(data);
    }

    /** A keep-alive the Anthropic clients know and ignore. */
    public static SseEvent ping() {
        ObjectNode data = Json.object();
        data.put("type", "ping");
        return new SseEvent("ping", data);
    }
}
