package dev.claudeconnector.proxy;

import java.time.Duration;

/**
 * How many API requests the proxy is answering now, so a stop can wait for them to finish (a
 * replaced proxy lets Claude Code's running answers end first). Thread-safe.
 */
public final class InFlight {
    private int active;

    synchronized void begin() {
        active++;
    }

    synchronized void end() {
        active--;
        if (active == 0) {
            notifyAll();
        }
    }

    public synchronized int active() {
        return active;
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
