package dev.claudeconnector.openwebui;

import dev.claudeconnector.json.JsonBytes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The head of one call to Open WebUI: request line and headers, in ASCII. A header value with a
 * control or non-ASCII character is refused rather than sent, so no value can end the head early.
 * With a body, the head is copied into the room {@link ChatRequest#HEAD_ROOM} left before it in the
 * body's own array and both leave in one write from there: with {@code TCP_NODELAY} each write is a
 * TCP segment of its own, a trip through the network stack on both ends (README, Benchmarks).
 */
final class RequestHead {
    private final StringBuilder text = new StringBuilder(512);
    private final String method;

    RequestHead(String method, String path, String authority) {
        this.method = method;
        text.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        header("Host", authority);
        header("User-Agent", "claude-connector");
    }

    String method() {
        return method;
    }

    /**
     * Adds {@code name: value}.
     *
     * @throws IllegalArgumentException when the value holds a control or non-ASCII character
     */
    RequestHead header(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                throw new IllegalArgumentException("the " + name + " header holds a character HTTP does not allow"
                        + " (code " + (int) c + " at " + i + ")");
            }
        }
        text.append(name).append(": ").append(value).append("\r\n");
        return this;
    }

    /** Writes this head alone. */
    void write(UpstreamConnection connection) throws IOException {
        byte[] head = bytes();
        connection.write(head, 0, head.length);
    }

    /** Writes this head with {@code Content-Length} and {@code body}, in one write when the head fits the room before the body. */
    void write(UpstreamConnection connection, JsonBytes body) throws IOException {
        header("Content-Length", Integer.toString(body.length()));
        byte[] head = bytes();
        if (head.length <= body.offset()) {
            int start = body.offset() - head.length;
            System.arraycopy(head, 0, body.array(), start, head.length);
            connection.write(body.array(), start, head.length + body.length());
        } else {
            connection.write(head, 0, head.length);
            connection.write(body.array(), body.offset(), body.length());
        }
    }

    private byte[] bytes() {
        return text.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }
}
