package dev.claudeconnector.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudeconnector.json.JsonTrees;
import java.nio.charset.StandardCharsets;

/** One Anthropic server-sent event: its {@code event:} name and its {@code data:} JSON. */
public record SseEvent(String type, ObjectNode data) {
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    /** The event as it goes on the wire, blank line included. */
    public String wire() {
        return new String(wireBytes(), StandardCharsets.UTF_8);
    }

    /** {@link #wire} in UTF-8, built from the data JSON's bytes: no string of the JSON or of the event in between. */
    public byte[] wireBytes() {
        byte[] name = type.getBytes(StandardCharsets.UTF_8);
        byte[] json = JsonTrees.bytes(data);
        byte[] wire = new byte[EVENT.length + name.length + DATA.length + json.length + END.length];
        int at = 0;
        for (byte[] part : new byte[][] {EVENT, name, DATA, json, END}) {
            System.arraycopy(part, 0, wire, at, part.length);
            at += part.length;
        }
        return wire;
    }

    /** A keep-alive the Anthropic clients know and ignore. */
    public static SseEvent ping() {
        ObjectNode data = JsonTrees.object();
        data.put("type", "ping");
        return new SseEvent("ping", data);
    }
}
