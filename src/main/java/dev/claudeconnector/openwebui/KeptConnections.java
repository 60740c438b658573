package dev.claudeconnector.openwebui;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.tls.Tls;
import io.helidon.webclient.api.ClientConnection;
import io.helidon.webclient.api.ConnectionKey;
import io.helidon.webclient.api.TcpClientConnection;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.api.WebClientConfig;

import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections to Open WebUI kept open between calls, handed to each call explicitly in place
 * of Helidon's own connection cache. Helidon watches every connection in its cache with a virtual
 * thread that wakes ten times a second, for as long as the read timeout (ten minutes by default),
 * to notice the server closing it; that cost every call a thread start and a handoff of the
 * answer's first byte between threads, and it kept an idle proxy busy. Here a connection is looked at only when it is taken
 * after a pause of {@link #CHECK_AFTER} or more: a read that waits at most a millisecond tells
 * whether the server has closed it meanwhile (servers close idle connections after their
 * keep-alive time: uvicorn, which serves Open WebUI, after 5 s) or sent anything unasked; either
 * way it is closed and the next one is tried. A connection in steady use is handed out as it is.
 *
 * <p>The most recently used connection is taken first, so the ones a quiet spell leaves unused
 * sink to the bottom; any unused for {@link #MAX_IDLE} are closed whenever a connection is taken
 * or returned. At most {@link #MAX_KEPT} are kept. Thread-safe.
 *
 * <p>A connection is also retired when {@link CollectionCounts} says its buffers may have reached
 * the old generation: made before the last full collection, or unused through several collections
 * (an idle one when next met; one in use, made before a full collection, when its call releases it).
 * Measured with wrk at c=32: without this the old generation grew 1.2–1.3 MB a second (about half a
 * kilobyte per non-streamed answer), with it ~0.1 MB.
 */
final class KeptConnections {
    static final Duration CHECK_AFTER = Duration.ofSeconds(1);
    static final Duration MAX_IDLE = Duration.ofMinutes(1);
    static final int MAX_KEPT = 64;
    private static final Duration PEEK = Duration.ofMillis(1);
    private static final List<String> PROTOCOLS = List.of("http/1.1");

    private final WebClient client;
    private final ConnectionKey key;
    private final long checkAfterNanos;
    private final long maxIdleNanos;
    private final CollectionCounts collections;
    /** Idle connections, the most recently returned first. */
    private final Deque<Idle> idle = new ConcurrentLinkedDeque<>();
    /** How many {@link #idle} holds: the deque counts by walking itself, on every release. */
    private final AtomicInteger idleCount = new AtomicInteger();

    /** A connection waiting to be taken: since when, made after which full collection, released at which collection. */
    private record Idle(TcpClientConnection connection, long sinceNanos, long madeAfterFull, long releasedAt) {
    }

    KeptConnections(WebClient client, URI upstream, CollectionCounts collections) {
        this(client, upstream, CHECK_AFTER, MAX_IDLE, collections);
    }

    KeptConnections(WebClient client, URI upstream, Duration checkAfter, Duration maxIdle, CollectionCounts collections) {
        this.client = client;
        this.checkAfterNanos = checkAfter.toNanos();
        this.maxIdleNanos = maxIdle.toNanos();
        this.collections = collections;
        WebClientConfig config = client.prototype();
        boolean https = "https".equalsIgnoreCase(upstream.getScheme());
        int port = upstream.getPort() >= 0 ? upstream.getPort() : https ? 443 : 80;
        // TLS only for https, as Helidon's own cache decides (an http upstream would get a handshake otherwise)
        Tls tls = https ? config.tls() : OpenWebUiTls.NONE;
        this.key = ConnectionKey.create(https ? "https" : "http", upstream.getHost(), port, tls,
                config.dnsResolver(), config.dnsAddressLookup(), config.proxy());
    }

    /**
     * A connection for one call: a kept one that is still open, or a new one. The call releases it
     * (back here) when its answer was read to the end, or closes it.
     *
     * @throws RuntimeException as Helidon's connect throws it when a new connection cannot be made
     */
    ClientConnection take() {
        long now = System.nanoTime();
        long full = collections.full();
        long all = collections.all();
        closeUnused(now);
        for (Idle kept; (kept = idle.pollFirst()) != null; ) {
            idleCount.decrementAndGet();
            TcpClientConnection connection = kept.connection();
            // Closed by us since it was kept (a call that failed after the release): never handed out.
            boolean fresh = kept.madeAfterFull() == full && !CollectionCounts.idleTooLong(kept.releasedAt(), all);
            if (fresh && connection.isConnected() && (now - kept.sinceNanos() < checkAfterNanos || stillOpen(connection))) {
                return connection;
            }
            connection.closeResource();
        }
        return TcpClientConnection.create(client, key, PROTOCOLS, released -> keep(released, full), closed -> { })
                .connect();
    }

    /** How many connections wait to be taken (for tests). */
    int idleCount() {
        return idleCount.get();
    }

    /**
     * The release function of every connection made here, after {@code madeAfterFull} full
     * collections: {@code false} has Helidon close it.
     */
    private boolean keep(TcpClientConnection connection, long madeAfterFull) {
        long now = System.nanoTime();
        closeUnused(now);
        if (madeAfterFull != collections.full() || !connection.isConnected() || idleCount.get() >= MAX_KEPT) {
            return false;
        }
        idle.offerFirst(new Idle(connection, now, madeAfterFull, collections.all()));
        idleCount.incrementAndGet();
        return true;
    }

    private void closeUnused(long now) {
        for (Idle oldest; (oldest = idle.peekLast()) != null && now - oldest.sinceNanos() >= maxIdleNanos; ) {
            if (idle.removeLastOccurrence(oldest)) {
                idleCount.decrementAndGet();
                oldest.connection().closeResource();
            }
        }
    }

    /** Nothing to read within a millisecond: the server still holds the connection open for us. */
    private static boolean stillOpen(TcpClientConnection connection) {
        try {
            connection.readTimeout(PEEK);
            connection.helidonSocket().read(BufferData.create(1));
            return false; // the end of the stream, or bytes nobody asked for
        } catch (UncheckedIOException e) {
            return e.getCause() instanceof SocketTimeoutException;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
