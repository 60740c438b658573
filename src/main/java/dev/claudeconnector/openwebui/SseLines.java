package dev.claudeconnector.openwebui;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The lines of an SSE body ({@code text/event-stream}), read as bytes: no decoding to characters,
 * no string per line. A line ends at CR, LF or CRLF (the SSE specification's three); one the body
 * ends without an ending is a line too. {@link #next} moves to the next line, which is then
 * {@code buffer()[offset() .. offset() + length())} until the next call. Single-use, not thread-safe;
 * closing it closes the stream.
 */
public final class SseLines implements Closeable {
    private final InputStream in;
    private byte[] buffer = new byte[2048];
    /** The unread bytes are {@code buffer[start .. end)}; none in {@code [start .. scanned)} ends a line. */
    private int start;
    private int scanned;
    private int end;
    private int lineOffset;
    private int lineLength;
    /** The last line ended with CR: an LF right after it belongs to that ending. */
    private boolean afterCr;
    private boolean ended;

    public SseLines(InputStream in) {
        this.in = in;
    }

    /** Moves to the next line; false at the end of the body. */
    public boolean next() throws IOException {
        while (true) {
            if (afterCr && start < end) {
                afterCr = false;
                if (buffer[start] == '\n') {
                    start++;
                    scanned = Math.max(scanned, start);
                }
            }
            for (int i = scanned; i < end; i++) {
                byte b = buffer[i];
                if (b == '\n' || b == '\r') {
                    return line(i, i + 1, b == '\r');
                }
            }
            scanned = end;
            if (ended) {
                return start < end && line(end, end, false);
            }
            fill();
        }
    }

    private boolean line(int lineEnd, int next, boolean cr) {
        lineOffset = start;
        lineLength = lineEnd - start;
        start = next;
        scanned = next;
        afterCr = cr;
        return true;
    }

    /** Reads more of the body behind what is unread, moving that to the front or growing the buffer to make room. */
    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            scanned -= start;
            start = 0;
        }
        if (end == buffer.length) {
            byte[] larger = new byte[buffer.length * 2];
            System.arraycopy(buffer, 0, larger, 0, end);
            buffer = larger;
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            ended = true;
        } else {
            end += n;
        }
    }

    public byte[] buffer() {
        return buffer;
    }

    public int offset() {
        return lineOffset;
    }

    public int length() {
        return lineLength;
    }

    /** Whether the line starts with {@code prefix} (ASCII). */
    public boolean startsWith(String prefix) {
        if (prefix.length() > lineLength) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (buffer[lineOffset + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The line as text (UTF-8), for what is not read as JSON. */
    @Override
    public String toString() {
        return new String(buffer, lineOffset, lineLength, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
