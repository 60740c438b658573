package dev.claudeconnector.openwebui;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.tls.Tls;
import io.helidon.webclient.api.ClientConnection;
import io.helidon.webclient.api.ConnectionKey;
import io.helidon.webclient.api.TcpClientConnection;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.api.WebClientConfig;

import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.LongSupplier;

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
 * <p>Connections are also retired when their <em>era</em> ends: a connection made while the era
 * supplier gave one number is closed, not kept, once it gives another (an idle one when next met,
 * one in use when its call releases it). The proxy counts full garbage collections as eras. Helidon
 * reads each connection into a linked list of buffers and drops consumed ones by moving its head,
 * so after a full collection has moved a connection's current buffer into the old generation, that
 * buffer keeps every later answer read on the connection alive until the next full collection
 * (about half a kilobyte per non-streamed answer: at c=32, 1.3 MB a second promoted into the old
 * generation; with connections retired, about 2 MB once after each full collection, the new
 * connections themselves). A new connection starts a new list. For the same reason a connection
 * that sat unused through {@link #MAX_IDLE_COLLECTIONS} collections is retired when next met,
 * before its current buffer is old enough to be moved there.
 */
final class KeptConnections {
    static final Duration CHECK_AFTER = Duration.ofSeconds(1);
    static final Duration MAX_IDLE = Duration.ofMinutes(1);
    static final int MAX_KEPT = 64;
    /**
     * Garbage collections (young or full) a kept connection may sit through unused and still be
     * handed out. HotSpot moves an object into the old generation once it has survived 15 young
     * collections ({@code MaxTenuringThreshold}; fewer when the survivor space runs short). Only a
     * busy proxy collects this often: at c=32 every ~25 ms, so the connections a dip in concurrency
     * leaves at the bottom of the stack were tenured within a second (measured: the old generation
     * grew 1.2 MB a second from then on, 0.1 MB with this limit); while a person works, minutes apart.
     */
    static final int MAX_IDLE_COLLECTIONS = 8;
    private static final Duration PEEK = Duration.ofMillis(1);
    private static final List<String> PROTOCOLS = List.of("http/1.1");

    private final WebClient client;
    private final ConnectionKey key;
    private final long checkAfterNanos;
    private final long maxIdleNanos;
    private final LongSupplier era;
    private final LongSupplier collections;
    /** Idle connections, the most recently returned first. */
    private final Deque<Idle> idle = new ConcurrentLinkedDeque<>();

    private record Idle(TcpClientConnection connection, long sinceNanos, long era, long collections) {
    }

    KeptConnections(WebClient client, URI upstream, LongSupplier era) {
        this(client, upstream, CHECK_AFTER, MAX_IDLE, era, JvmCollections::count);
    }

    /** @param collections a count of the garbage collections so far (the JVM's own, but for tests) */
    KeptConnections(WebClient client, URI upstream, Duration checkAfter, Duration maxIdle, LongSupplier era,
                    LongSupplier collections) {
        this.client = client;
        this.checkAfterNanos = checkAfter.toNanos();
        this.maxIdleNanos = maxIdle.toNanos();
        this.era = era;
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
        long current = era.getAsLong();
        long collected = collections.getAsLong();
        closeUnused(now);
        for (Idle kept; (kept = idle.pollFirst()) != null; ) {
            TcpClientConnection connection = kept.connection();
            // Closed by us since it was kept (a call that failed after the release): never handed out.
            if (kept.era() == current && collected - kept.collections() < MAX_IDLE_COLLECTIONS && connection.isConnected()
                    && (now - kept.sinceNanos() < checkAfterNanos || stillOpen(connection))) {
                return connection;
            }
            connection.closeResource();
        }
        return TcpClientConnection.create(client, key, PROTOCOLS, released -> keep(released, current), closed -> { })
                .connect();
    }

    /** How many connections wait to be taken (for tests). */
    int idleCount() {
        return idle.size();
    }

    /** The release function of every connection made here, in era {@code made}: {@code false} has Helidon close it. */
    private boolean keep(TcpClientConnection connection, long made) {
        long now = System.nanoTime();
        closeUnused(now);
        if (made != era.getAsLong() || !connection.isConnected() || idle.size() >= MAX_KEPT) {
            return false;
        }
        idle.offerFirst(new Idle(connection, now, made, collections.getAsLong()));
        return true;
    }

    private void closeUnused(long now) {
        for (Idle oldest; (oldest = idle.peekLast()) != null && now - oldest.sinceNanos() >= maxIdleNanos; ) {
            if (idle.removeLastOccurrence(oldest)) {
                oldest.connection().closeResource();
            }
        }
    }

    /** The JVM's garbage collections so far, of every collector; looked up at the first call. */
    private static final class JvmCollections {
        private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();

        static long count() {
            long count = 0;
            for (GarbageCollectorMXBean collector : COLLECTORS) {
                count += Math.max(0, collector.getCollectionCount()); // -1: not counted by this collector
            }
            return count;
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
