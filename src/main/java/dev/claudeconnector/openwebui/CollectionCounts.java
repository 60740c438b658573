package dev.claudeconnector.openwebui;

import java.util.function.LongSupplier;

/**
 * How many garbage collections the JVM has run: what decides when a kept connection is retired.
 * Helidon reads each connection into a linked list of buffers and drops consumed ones by moving the
 * list's head, so once the collector has moved a connection's current buffer into the old
 * generation, that buffer keeps every later one read on the connection alive until the next full
 * collection (under load, the old generation then fills at the rate the connections read). A new
 * connection starts a new list. So a connection is not used again after a full collection (which
 * moves every connection's current buffer there), nor after sitting unused through {@link
 * #MAX_IDLE_COLLECTIONS} collections (by which time its current buffer is close to being moved).
 * The proxy applies the same rules to its client connections.
 */
public interface CollectionCounts {
    /**
     * Collections of any kind a connection may sit through unused and still be used. HotSpot moves
     * an object into the old generation once it has survived 15 young collections ({@code
     * MaxTenuringThreshold}; fewer when the survivor space runs short). Only a busy proxy collects
     * this often: at c=32 every ~25 ms; while a person works, minutes apart.
     */
    int MAX_IDLE_COLLECTIONS = 8;

    /** Counts that never move, so nothing is retired: for the short-lived clients of one command. */
    CollectionCounts NONE = of(() -> 0, () -> 0);

    /** Full collections so far. */
    long full();

    /** Collections of every kind so far (young and full). */
    long all();

    /** The counts {@code full} and {@code all} give. */
    static CollectionCounts of(LongSupplier full, LongSupplier all) {
        return new CollectionCounts() {
            @Override
            public long full() {
                return full.getAsLong();
            }

            @Override
            public long all() {
                return all.getAsLong();
            }
        };
    }

    /** Whether a connection last used when {@link #all()} was {@code then} has sat unused too long. */
    static boolean idleTooLong(long then, long now) {
        return now - then >= MAX_IDLE_COLLECTIONS;
    }
}
