package dev.claudeconnector.proxy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many API requests the proxy is answering now, so a stop can wait for them to finish (a
 * replaced proxy lets Claude Code's running answers end first), and how many of them are relaying
 * a stream right now, so a full collection can wait for a moment when no answer is being streamed.
 * Thread-safe.
 */
public final class InFlight {
    private int active;
    private final AtomicInteger streams = new AtomicInteger();
    private volatile Runnable whenIdle = () -> { };

    synchronized void begin() {
        active++;
    }

    void end() {
        boolean idle;
        synchronized (this) {
            active--;
            idle = active == 0;
            if (idle) {
                notifyAll();
            }
        }
        if (idle) {
            whenIdle.run();
        }
    }

    /** Runs {@code action} (quick, on the thread of the request that ended) each time the last request in flight ends. */
    public void whenIdle(Runnable action) {
        whenIdle = action;
    }

    public synchronized int active() {
        return active;
    }

    void streamStarted() {
        streams.incrementAndGet();
    }

    void streamEnded() {
        streams.decrementAndGet();
    }

    /** Answers being streamed to a client right now. */
    public int streaming() {
        return streams.get();
    }

    /** Waits until no request is being answered, at most {@code max}; true when idle. */
    public synchronized boolean awaitIdle(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (active > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
