package dev.claudeconnector.cli;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The log line is exactly what SimpleFormatter wrote with the pattern it replaces. */
class LineFormatterTest {
    @Test
    void writesTheLineSimpleFormatterWrote() {
        String old = System.getProperty("java.util.logging.SimpleFormatter.format");
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$-7s %5$s%6$s%n");
        try {
            SimpleFormatter simple = new SimpleFormatter();
            LineFormatter ours = new LineFormatter();
            for (LogRecord record : records()) {
                assertEquals(simple.format(record), ours.format(record));
            }
        } finally {
            if (old == null) {
                System.clearProperty("java.util.logging.SimpleFormatter.format");
            } else {
                System.setProperty("java.util.logging.SimpleFormatter.format", old);
            }
        }
    }

    private static LogRecord[] records() {
        LogRecord info = new LogRecord(Level.INFO, "claude-sonnet-4-5 -> claude-sonnet-4.5 whole 200 tokens(in/out)=12/3 4ms");
        info.setInstant(Instant.parse("2026-12-01T17:38:18.250Z"));
        LogRecord sameSecond = new LogRecord(Level.WARNING, "model {0}: {1}");
        sameSecond.setParameters(new Object[] {"claude-3.7-sonnet", "not offered"});
        sameSecond.setInstant(Instant.parse("2026-12-01T17:38:18.900Z"));
        LogRecord failed = new LogRecord(Level.SEVERE, "broke");
        failed.setThrown(new IllegalStateException("why"));
        failed.setInstant(Instant.parse("2026-12-01T17:38:19.001Z"));
        LogRecord fine = new LogRecord(Level.FINE, "a step");
        fine.setInstant(Instant.parse("2026-12-02T00:00:00Z"));
        return new LogRecord[] {info, sameSecond, failed, fine};
    }
}
