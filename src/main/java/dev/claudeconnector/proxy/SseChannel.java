package dev.claudeconnector.proxy;

import dev.claudeconnector.translate.SseEvent;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The client side of one streamed answer. Every event is written and flushed as soon as it is
 * made (never buffered), from the request thread or the ping timer, one at a time. The first
 * failed write means the client went away: {@code onClientGone} runs once (it aborts the upstream
 * call) and later writes are dropped.
 */
final class SseChannel {
    private final OutputStream out;
    private final Runnable onClientGone;
    private long lastWriteNanos = System.nanoTime();
    private boolean gone;

    SseChannel(OutputStream out, Runnable onClientGone) {
        this.out = out;
        this.onClientGone = onClientGone;
    }

    synchronized void send(List<SseEvent> events) {
        if (gone || events.isEmpty()) {
            return;
        }
        try {
            for (SseEvent e : events) {
                out.write(e.wireBytes());
            }
            out.flush();
            lastWriteNanos = System.nanoTime();
        } catch (IOException | RuntimeException e) {
            // Helidon reports a closed client connection as an I/O error or as its own runtime exception.
            clientGone();
        }
    }

    /** Called by the timer: a ping only when nothing was written for {@code idleNanos}. */
    synchronized void pingIfIdle(long idleNanos) {
        if (!gone && System.nanoTime() - lastWriteNanos >= idleNanos) {
            send(List.of(SseEvent.ping()));
        }
    }

    synchronized boolean clientGone() {
        if (!gone) {
            gone = true;
            onClientGone.run();
        }
        return true;
    }

    synchronized boolean isGone() {
        return gone;
    }

    synchronized void close() {
        if (!gone) {
            try {
                out.close();
            } catch (IOException | RuntimeException e) {
                // the client left after the last event; nothing to tell anyone
            }
        }
    }
}
