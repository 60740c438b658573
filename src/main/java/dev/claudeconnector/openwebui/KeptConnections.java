package dev.claudeconnector.openwebui;

import java.io.IOException;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections to Open WebUI kept open between calls, handed to one call at a time as a
 * {@link Lease}. No thread watches an idle connection: one is looked at only when it is taken
 * after a pause of {@link #CHECK_AFTER} or more: a read that waits at most a millisecond tells
 * whether the server has closed it meanwhile (servers close idle connections after their
 * keep-alive time: uvicorn, which serves Open WebUI, after 5 s) or sent anything unasked; either
 * way it is closed and the next one is tried. A connection in steady use is handed out as it is.
 *
 * <p>The most recently used connection is taken first, so the ones a quiet spell leaves unused
 * sink to the bottom; any unused for {@link #MAX_IDLE} are closed whenever a connection is taken
 * or returned. At most {@link #MAX_KEPT} are kept. Thread-safe.
 *
 * <p>A connection's buffers are made once, with it (HttpCore's codec), so a connection kept for
 * hours costs the old generation nothing more. (Helidon's client, before, read each connection
 * into a chain of new buffers, and its connections had to be retired after collections for the
 * chain not to fill the old generation; retiring these instead only makes new ones to promote.)
 */
final class KeptConnections {
    static final Duration CHECK_AFTER = Duration.ofSeconds(1);
    static final Duration MAX_IDLE = Duration.ofMinutes(1);
    static final int MAX_KEPT = 64;
    private static final Duration PEEK = Duration.ofMillis(1);

    private final UpstreamRoute route;
    private final long checkAfterNanos;
    private final long maxIdleNanos;
    /** Idle connections, the most recently returned first. */
    private final Deque<Idle> idle = new ConcurrentLinkedDeque<>();
    /** How many {@link #idle} holds: the deque counts by walking itself, on every release. */
    private final AtomicInteger idleCount = new AtomicInteger();

    /** A connection waiting to be taken, since when. */
    private record Idle(UpstreamConnection connection, long sinceNanos) {
    }

    KeptConnections(UpstreamRoute route) {
        this(route, CHECK_AFTER, MAX_IDLE);
    }

    KeptConnections(UpstreamRoute route, Duration checkAfter, Duration maxIdle) {
        this.route = route;
        this.checkAfterNanos = checkAfter.toNanos();
        this.maxIdleNanos = maxIdle.toNanos();
    }

    /**
     * A connection for one call: a kept one that is still open, or a new one. The call
     * {@linkplain Lease#release releases} it when its answer was read to the end, or closes it.
     *
     * @throws IOException when a new connection cannot be made
     */
    Lease take() throws IOException {
        long now = System.nanoTime();
        closeUnused(now);
        for (Idle kept; (kept = idle.pollFirst()) != null; ) {
            idleCount.decrementAndGet();
            UpstreamConnection connection = kept.connection();
            if (connection.isOpen() && (now - kept.sinceNanos() < checkAfterNanos || connection.stillOpen(PEEK))) {
                return new Lease(connection);
            }
            connection.close();
        }
        return new Lease(route.connect());
    }

    /** How many connections wait to be taken (for tests). */
    int idleCount() {
        return idleCount.get();
    }

    private void closeUnused(long now) {
        for (Idle oldest; (oldest = idle.peekLast()) != null && now - oldest.sinceNanos() >= maxIdleNanos; ) {
            if (idle.removeLastOccurrence(oldest)) {
                idleCount.decrementAndGet();
                oldest.connection().close();
            }
        }
    }

    /** One call's hold on a connection: ended once, by {@link #release} or {@link #close}. */
    final class Lease implements AutoCloseable {
        private final UpstreamConnection connection;
        private final AtomicBoolean ended = new AtomicBoolean();

        private Lease(UpstreamConnection connection) {
            this.connection = connection;
        }

        UpstreamConnection connection() {
            return connection;
        }

        /** The call is over and its answer was read to the end: the connection is kept for another, if it may be. */
        void release() {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            long now = System.nanoTime();
            closeUnused(now);
            if (!connection.isOpen() || idleCount.get() >= MAX_KEPT) {
                connection.close();
                return;
            }
            idle.offerFirst(new Idle(connection, now));
            idleCount.incrementAndGet();
        }

        /** The connection is closed (a call that broke off, failed or asked for it): never used again. */
        @Override
        public void close() {
            if (ended.compareAndSet(false, true)) {
                connection.close();
            }
        }
    }
}
