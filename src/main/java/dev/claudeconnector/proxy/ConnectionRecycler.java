package dev.claudeconnector.proxy;


import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Closes, after its next answer, each client connection whose read buffers the collector may have
 * moved into the old generation: one open during a full collection, or one that sat unused through
 * {@link #MAX_IDLE_COLLECTIONS} collections. Helidon reads each connection into a linked list of
 * buffers and drops consumed ones by moving the list's head, so once the collector has moved a
 * connection's current buffer into the old generation, that buffer keeps every later one read on
 * the connection alive until the next full collection (under load, the old generation then fills
 * at the rate the connections read). A new connection starts a new list. A full collection of the serial
 * collector moves each connection's current buffer into the old generation, so without this, under
 * load, full collections came every fraction of a second. As web servers close a keep-alive
 * connection after a number of requests to free what it holds (nginx's {@code keepalive_requests}),
 * such a connection answers its next request with {@code Connection: close}: its client closes it
 * after that answer (RFC 9112, 9.6: it must; Helidon itself leaves a connection open whatever the
 * answer says) and opens a new one, which starts a new list.
 *
 * <p>The proxy's recycler is {@link #JVM}, as collections are JVM-wide: {@link #watch()} once,
 * {@link #closeAfterThisAnswer} per request.
 */
public final class ConnectionRecycler {
    /**
     * Collections of any kind a connection may sit through unused and still be used. HotSpot moves
     * an object into the old generation once it has survived 15 young collections ({@code
     * MaxTenuringThreshold}; fewer when the survivor space runs short). Only a busy proxy collects
     * this often: at c=32 every ~25 ms; while a person works, minutes apart.
     */
    static final int MAX_IDLE_COLLECTIONS = 8;
    /** Connections remembered between two full collections, at most (then forgotten, not recycled). */
    static final int MAX_REMEMBERED = 10_000;
    /** The one the proxy's routing asks. */
    static final ConnectionRecycler JVM = new ConnectionRecycler(ConnectionRecycler::jvmCollections,
            ConnectionRecycler::jvmFullCollections);
    /**
     * The collectors whose collections HotSpot reports as "end of major GC": the serial, parallel
     * and G1 collectors' full collections, which move every young object still alive into the old
     * generation. (Other collectors have no such collection; their connections are recycled when unused.)
     */
    static final Set<String> FULL_COLLECTORS = Set.of("MarkSweepCompact", "PS MarkSweep", "G1 Old Generation");

    private final LongSupplier allCollections;
    private final LongSupplier fullCollections;
    /** {@link #fullCollections} when last looked at; negative until {@link #watch()}. */
    private final AtomicLong fullSeen = new AtomicLong(-1);
    /** Connections seen since the last full collection, each with {@link #all()} at its last request. */
    private volatile Map<String, Long> open = new ConcurrentHashMap<>();
    private volatile Set<String> openAtLastCollection = ConcurrentHashMap.newKeySet();

    /**
     * @param allCollections  the JVM's count of collections of every kind (another for tests)
     * @param fullCollections the JVM's count of full collections (another for tests)
     */
    ConnectionRecycler(LongSupplier allCollections, LongSupplier fullCollections) {
        this.allCollections = allCollections;
        this.fullCollections = fullCollections;
    }

    /**
     * From now on {@link #JVM} notices every full collection, whoever asked for it, at the first
     * request after it: it compares the JVM's count of them, which it reads per request anyway.
     * Not through the collectors' notifications: once anyone listens, the JVM builds one for every
     * collection, young ones included (~45 a second under load), which took ~1 % of a busy proxy's CPU.
     */
    static void watch() {
        JVM.startWatching();
    }

    void startWatching() {
        fullSeen.compareAndSet(-1, fullCollections.getAsLong());
    }

    /** Every connection seen since the last full collection is to be closed after its next answer. */
    void fullCollectionEnded() {
        Map<String, Long> seen = open;
        open = new ConcurrentHashMap<>();
        openAtLastCollection = seen.keySet();
    }

    /** Collections of every kind so far (young and full). */
    long all() {
        return allCollections.getAsLong();
    }

    /**
     * Whether the answer on connection {@code socketId} should close it: true once for each
     * connection that was open at the last full collection, and for one unused through too many
     * collections since its last request.
     */
    boolean closeAfterThisAnswer(String socketId) {
        long seen = fullSeen.get();
        if (seen >= 0) {
            long full = fullCollections.getAsLong();
            if (full != seen && fullSeen.compareAndSet(seen, full)) {
                fullCollectionEnded();
            }
        }
        if (openAtLastCollection.remove(socketId)) {
            return true;
        }
        Map<String, Long> current = open;
        if (current.size() >= MAX_REMEMBERED) {
            current.clear();
        }
        long now = all();
        Long last = current.put(socketId, now);
        if (last != null && now - last >= MAX_IDLE_COLLECTIONS) {
            current.remove(socketId);
            return true;
        }
        return false;
    }

    private static long jvmCollections() {
        return count(JvmCollectors.ALL);
    }

    static long jvmFullCollections() {
        return count(JvmCollectors.FULL);
    }

    private static long count(List<GarbageCollectorMXBean> collectors) {
        long count = 0;
        for (GarbageCollectorMXBean collector : collectors) {
            count += Math.max(0, collector.getCollectionCount()); // -1: not counted by this collector
        }
        return count;
    }

    /** The JVM's collectors, looked up at the first count. */
    private static final class JvmCollectors {
        static final List<GarbageCollectorMXBean> ALL = ManagementFactory.getGarbageCollectorMXBeans();
        static final List<GarbageCollectorMXBean> FULL = ALL.stream().filter(c -> FULL_COLLECTORS.contains(c.getName())).toList();
    }
}
