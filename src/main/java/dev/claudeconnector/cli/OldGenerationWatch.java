package dev.claudeconnector.cli;

import javax.management.NotificationEmitter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Optional;

/**
 * Keeps the serial collector's old generation near what really lives there. Helidon reads each
 * connection into a linked list of buffers and drops consumed ones by moving its head, so a
 * consumed buffer that reached the old generation still points at the next one: a young collection
 * keeps that one alive too, then the next, and the old generation fills with request bodies long
 * answered (about one per request) until it reaches the heap's maximum, which only a full
 * collection undoes. So when the old generation passes a mark above its live size this asks for
 * one (milliseconds for a proxy's ~15 MB of live objects) and the heap shrinks back. The mark
 * follows the live size, so a genuinely large request never makes it collect in a loop.
 */
final class OldGenerationWatch {
    /** Never collect below this much old generation: a full collection should be worth its pause. */
    static final long FLOOR = 32L << 20;

    private OldGenerationWatch() {
    }

    /** Starts watching when the JVM runs the serial collector (whose old pool is "Tenured Gen"); otherwise nothing. */
    static void start() {
        tenured().ifPresent(pool -> {
            pool.setUsageThreshold(mark(pool.getUsage().getUsed()));
            ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).addNotificationListener((notification, handback) -> {
                if (notification.getType().equals(MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED)) {
                    System.gc();
                    MemoryUsage after = pool.getCollectionUsage();
                    pool.setUsageThreshold(mark(after == null ? 0 : after.getUsed()));
                }
            }, null, null);
        });
    }

    /** Twice the live size, at least {@link #FLOOR}. */
    static long mark(long live) {
        return Math.max(FLOOR, 2 * live);
    }

    private static Optional<MemoryPoolMXBean> tenured() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.getName().equals("Tenured Gen") && p.isUsageThresholdSupported())
                .findFirst();
    }
}
