package dev.claudeconnector.proxy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The request log's lines ("LEVEL message"), captured while open. */
final class RequestLines extends Handler implements AutoCloseable {
    private static final Logger REQUESTS = Logger.getLogger("dev.claudeconnector.requests");
    private final List<String> lines = new CopyOnWriteArrayList<>();

    static {
        REQUESTS.setLevel(java.util.logging.Level.INFO); // held by the static field, so the level stays
    }

    RequestLines() {
        REQUESTS.addHandler(this);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord r) {
        lines.add(r.getLevel() + " " + r.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        REQUESTS.removeHandler(this);
    }
}
