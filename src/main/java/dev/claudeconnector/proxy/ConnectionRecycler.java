package dev.claudeconnector.proxy;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closes, after its next answer, each client connection that was open during a full garbage
 * collection. Helidon reads a connection into a linked list of buffers and drops consumed ones by
 * moving the list's head, so a consumed buffer that sits in the old generation keeps every later
 * buffer of its connection alive through young collections. A full collection of the serial
 * collector moves each connection's current buffer into the old generation: from then on that
 * connection keeps every byte it reads until the next full collection, which does the same again,
 * so under load full collections come every fraction of a second. A new connection starts a new
 * list. So, as web servers close a keep-alive connection after a number of requests to free what it
 * holds (nginx's {@code keepalive_requests}), a connection open at a full collection answers its
 * next request with {@code Connection: close}: its client closes it after that answer (RFC 9112,
 * 9.6: it must; Helidon itself leaves a connection open whatever the answer says) and opens a new one.
 *
 * <p>The proxy's recycler is {@link #JVM}, as collections are JVM-wide: {@link #watch()} once,
 * {@link #closeAfterThisAnswer} per request. Its {@link #fullCollections()} count is also the era of
 * the proxy's connections to Open WebUI, whose answers are read into the same kind of list.
 */
public final class ConnectionRecycler {
    /** Connections remembered between two full collections, at most (then forgotten, not recycled). */
    static final int MAX_REMEMBERED = 10_000;
    /** The one the proxy's routing asks. */
    static final ConnectionRecycler JVM = new ConnectionRecycler();
    private static boolean watching;

    private volatile Set<String> open = ConcurrentHashMap.newKeySet();
    private volatile Set<String> openAtLastCollection = ConcurrentHashMap.newKeySet();
    private final AtomicLong fullCollections = new AtomicLong();

    ConnectionRecycler() {
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
        Set<String> seen = open;
        open = ConcurrentHashMap.newKeySet();
        openAtLastCollection = seen;
        fullCollections.incrementAndGet();
    }

    /** How many full collections have ended since {@link #watch()}. */
    long fullCollections() {
        return fullCollections.get();
    }

    /**
     * Whether the answer on connection {@code socketId} should close it: true once for each
     * connection that was open at the last full collection.
     */
    boolean closeAfterThisAnswer(String socketId) {
        if (openAtLastCollection.remove(socketId)) {
            return true;
        }
        Set<String> current = open;
        if (current.size() >= MAX_REMEMBERED) {
            current.clear();
        }
        current.add(socketId);
        return false;
    }
}
