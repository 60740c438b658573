package dev.claudeconnector.openwebui;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SseLinesTest {
    @Test
    void linesEndAtLfCrLfOrCrAsTheSpecificationSays() throws IOException {
        String body = "data: one\n\ndata: two\r\n\r\nevent: x\rdata: three\r\r\n: comment\nlast without an ending";
        List<String> expected = List.of("data: one", "", "data: two", "", "event: x", "data: three", "", ": comment",
                "last without an ending");
        assertEquals(expected, lines(new ByteArrayInputStream(bytes(body))));
        // The same body however it arrives: a byte at a time, CR and LF of one ending in different reads.
        assertEquals(expected, lines(new Trickle(bytes(body), 1)));
        assertEquals(expected, lines(new Trickle(bytes(body), 3)));
    }

    @Test
    void aLineLongerThanTheBufferIsWhole() throws IOException {
        String big = "data: {\"content\":\"" + "é".repeat(40_000) + "\"}";
        List<String> lines = lines(new Trickle(bytes(big + "\n\ndata: [DONE]\n\n"), 1000));
        assertEquals(List.of(big, "", "data: [DONE]", ""), lines);
    }

    @Test
    void anEmptyBodyHasNoLinesAndAFinalCrNoEmptyLineAfterIt() throws IOException {
        assertEquals(List.of(), lines(new ByteArrayInputStream(new byte[0])));
        assertEquals(List.of("a"), lines(new ByteArrayInputStream(bytes("a\r"))));
        assertEquals(List.of("a", ""), lines(new ByteArrayInputStream(bytes("a\r\r\n"))));
    }

    @Test
    void startsWithLooksAtTheCurrentLineOnly() throws IOException {
        try (SseLines lines = new SseLines(new ByteArrayInputStream(bytes("da\ndata: x\n")))) {
            assertTrue(lines.next());
            assertFalse(lines.startsWith("data:"), "a shorter line");
            assertTrue(lines.next());
            assertTrue(lines.startsWith("data:"));
            assertEquals("data: x".length(), lines.length());
            assertFalse(lines.next());
        }
    }

    private static List<String> lines(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        try (SseLines sse = new SseLines(in)) {
            while (sse.next()) {
                lines.add(sse.toString());
            }
        }
        return lines;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A body that arrives at most {@code step} bytes per read, as a network would. */
    private static final class Trickle extends ByteArrayInputStream {
        private final int step;

        Trickle(byte[] bytes, int step) {
            super(bytes);
            this.step = step;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, step));
        }
    }
}
