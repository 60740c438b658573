package dev.claudeconnector.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * {@code 2026-12-01 17:38:18 INFO    message}: the line {@code SimpleFormatter} writes with the
 * pattern {@code %1$tF %1$tT %4$-7s %5$s%6$s%n}, without a {@code String.format} per record (the
 * proxy logs a line per request). The time is formatted once per second.
 */
final class LineFormatter extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private record Stamp(long second, String text) {
    }

    private volatile Stamp stamp = new Stamp(Long.MIN_VALUE, "");

    @Override
    public String format(LogRecord record) {
        Instant at = record.getInstant();
        Stamp s = stamp;
        if (s.second() != at.getEpochSecond()) {
            s = new Stamp(at.getEpochSecond(), TIME.format(at.atZone(ZoneId.systemDefault())));
            stamp = s;
        }
        String level = record.getLevel().getLocalizedName();
        StringBuilder line = new StringBuilder(s.text().length() + 96).append(s.text()).append(' ').append(level);
        for (int i = level.length(); i < 7; i++) {
            line.append(' ');
        }
        line.append(' ').append(formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter out = new PrintWriter(trace)) {
                out.println();
                record.getThrown().printStackTrace(out);
            }
            line.append(trace);
        }
        return line.append(System.lineSeparator()).toString();
    }
}
