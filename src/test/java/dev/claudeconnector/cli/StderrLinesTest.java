package dev.claudeconnector.cli;

import dev.claudeconnector.proxy.ProxyServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A burst of request lines leaves in one write, within {@link StderrLines#BURST}; nothing else waits, and the order holds. */
class StderrLinesTest {
    private final List<String> writes = new ArrayList<>();
    private final List<Runnable> scheduled = new ArrayList<>();
    private long now = 1_000_000_000L;
    private final StderrLines lines = new StderrLines(new PrintStream(new ByteArrayOutputStream() {
        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes.add(new String(b, off, len, StandardCharsets.UTF_8));
        }
    }, true, StandardCharsets.UTF_8), () -> now, scheduled::add);

    @Test
    void aRequestLineAfterAQuietSpellGoesOutAtOnce() {
        lines.publish(request("a -> b whole 200 1ms"));

        assertEquals(1, writes.size());
        assertTrue(writes.getFirst().endsWith(" INFO    a -> b whole 200 1ms" + System.lineSeparator()), writes.getFirst());
        assertTrue(scheduled.isEmpty());
    }

    @Test
    void requestLinesWithinABurstLeaveTogetherOnce() {
        oneWrittenThenWithinTheBurst("second");
        now += 1_000_000;
        lines.publish(request("third"));

        assertEquals(1, writes.size(), "the two after the first wait");
        assertEquals(1, scheduled.size(), "one write scheduled for both");
        now += StderrLines.BURST.toNanos();
        scheduled.removeFirst().run();
        assertEquals(2, writes.size());
        assertTrue(writes.get(1).contains("second") && writes.get(1).contains("third"), writes.get(1));
        assertTrue(writes.get(1).indexOf("second") < writes.get(1).indexOf("third"));

        now += 1_000_000;
        lines.publish(request("fourth"));
        assertEquals(2, writes.size(), "a line right after that write waits again");
        assertEquals(1, scheduled.size());
    }

    @Test
    void anyOtherRecordGoesOutAtOnceAfterTheLinesWaiting() {
        oneWrittenThenWithinTheBurst("waiting");
        LogRecord renewal = new LogRecord(Level.INFO, "token refreshed");
        renewal.setLoggerName("dev.claudeconnector.auth.TokenRefresher");
        lines.publish(renewal);
        LogRecord rejected = request("POST /v1/messages rejected 401");
        rejected.setLevel(Level.WARNING);
        now += 1_000_000;
        lines.publish(rejected);

        assertEquals(3, writes.size());
        assertTrue(writes.get(1).contains("waiting") && writes.get(1).indexOf("waiting") < writes.get(1).indexOf("token refreshed"),
                writes.get(1));
        assertTrue(writes.get(2).contains("WARNING") && writes.get(2).contains("rejected 401"), writes.get(2));
        scheduled.forEach(Runnable::run); // the write scheduled for "waiting" finds nothing left
        assertEquals(3, writes.size());
    }

    @Test
    void flushAndCloseWriteWhatWaits() {
        oneWrittenThenWithinTheBurst("second");
        lines.flush();
        assertEquals(2, writes.size());
        assertTrue(writes.get(1).contains("second"));

        now += 1_000_000;
        lines.publish(request("third"));
        lines.close();
        assertEquals(3, writes.size());
        assertTrue(writes.get(2).contains("third"));
    }

    @Test
    void recordsBelowTheLevelAreNotWritten() {
        lines.setLevel(Level.WARNING);
        lines.publish(request("quiet"));
        lines.flush();
        assertTrue(writes.isEmpty());
    }

    /** A request line written at once, then one a millisecond later that waits. */
    private void oneWrittenThenWithinTheBurst(String waiting) {
        lines.publish(request("first"));
        now += 1_000_000;
        lines.publish(request(waiting));
    }

    private static LogRecord request(String message) {
        LogRecord record = new LogRecord(Level.INFO, message);
        record.setLoggerName(ProxyServer.REQUEST_LOGGER);
        return record;
    }
}
