package dev.claudeconnector.proxy;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    static final ConnectionRecycler JVM = new ConnectionRecycler(ConnectionRecycler::jvmCollections);
    private static boolean watching;

    private final LongSupplier allCollections;
    /** Connections seen since the last full collection, each with {@link #all()} at its last request. */
    private volatile Map<String, Long> open = new ConcurrentHashMap<>();
    private volatile Set<String> openAtLastCollection = ConcurrentHashMap.newKeySet();

    /** @param allCollections the JVM's count of collections of every kind (another for tests) */
    ConnectionRecycler(LongSupplier allCollections) {
        this.allCollections = allCollections;
    }

    /** Tells {@link #JVM} of the end of every full collection ("end of major GC"), whoever asked for it. */
    static synchronized void watch() {
        if (watching) {
            return;
        }
        watching = true;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)
                            && GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                            .getGcAction().equals("end of major GC")) {
                        JVM.fullCollectionEnded();
                    }
                }, null, null);
            }
        }
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
        long count = 0;
        for (GarbageCollectorMXBean collector : JvmCollectors.ALL) {
            count += Math.max(0, collector.getCollectionCount()); // -1: not counted by this collector
        }
        return count;
    }

    /** The JVM's collectors, looked up at the first count. */
    private static final class JvmCollectors {
        static final List<GarbageCollectorMXBean> ALL = ManagementFactory.getGarbageCollectorMXBeans();
    }
}
