package dev.claudeconnector.cli;

import dev.claudeconnector.proxy.InFlight;

import javax.management.NotificationEmitter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the serial collector's old generation near what really lives there. Helidon reads each
 * connection into a linked list of buffers and drops consumed ones by moving its head, so a
 * consumed buffer that reached the old generation still points at the next one: a young collection
 * keeps that one alive too, then the next, and the old generation fills with request bodies long
 * answered (about one per request) until it reaches the heap's maximum, which only a full
 * collection undoes. So when the old generation passes a mark above its live size this asks for
 * one (30–50 ms for a proxy's ~10 MB of live objects on a small machine) and the heap shrinks back.
 * The mark follows the live size, so a genuinely large request never makes it collect in a loop.
 *
 * <p>The collection stops every thread for those milliseconds, which in the middle of a streamed
 * answer is a visible stall (32 streams each lose a chunk's worth of time). So while an answer is
 * being streamed it waits, looking every {@link #WAIT} whether the streams have ended, unless the
 * old generation reaches twice the mark: memory stays bounded either way. And when the proxy falls
 * idle (its last request ended) and stays idle for {@link #QUIET}, with the old generation well
 * above its live size, it collects then, at most once per {@link #IDLE_GAP}: nobody is waiting, the
 * heap shrinks back after a busy spell, and the next burst or stream starts from a clean old
 * generation. (Not at the very moment it falls idle: Claude Code often sends its next request
 * within milliseconds of an answer's end.)
 */
final class OldGenerationWatch {
    /** Never collect below this much old generation: a full collection should be worth its pause. */
    static final long FLOOR = 8L << 20;
    static final Duration WAIT = Duration.ofMillis(50);
    static final Duration IDLE_GAP = Duration.ofSeconds(1);
    static final Duration QUIET = Duration.ofMillis(250);
    /** Garbage worth an idle collection: this much old generation above what the last one left alive. */
    static final long IDLE_SLACK = 8L << 20;

    private static volatile long live;
    /** The lowest mark: two thirds of the old generation's size at start, so the watch collects before the JVM has to. */
    private static volatile long lowest = FLOOR;
    private static final AtomicLong lastIdleCheck = new AtomicLong(System.nanoTime());

    private OldGenerationWatch() {
    }

    /**
     * Starts watching when the JVM runs the serial collector (whose old pool is "Tenured Gen");
     * otherwise nothing.
     *
     * @param inFlight the proxy's requests and streams in flight
     */
    static void start(InFlight inFlight) {
        tenured().ifPresent(pool -> {
            lowest = lowestMark(pool.getUsage().getCommitted());
            live = pool.getUsage().getUsed();
            pool.setUsageThreshold(mark(live));
            inFlight.whenIdle(() -> {
                long now = System.nanoTime();
                long last = lastIdleCheck.get();
                if (now - last >= IDLE_GAP.toNanos() && lastIdleCheck.compareAndSet(last, now)
                        && worthAnIdleCollection(pool.getUsage().getUsed(), live)) {
                    Thread.ofVirtual().name("old-generation-watch").start(() -> collectIfStillIdle(pool, inFlight));
                }
            });
            ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).addNotificationListener((notification, handback) -> {
                if (notification.getType().equals(MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED)) {
                    long mark = pool.getUsageThreshold();
                    if (collectNow(inFlight.streaming(), pool.getUsage().getUsed(), mark)) {
                        collect(pool);
                    } else {
                        Thread.ofVirtual().name("old-generation-watch").start(() -> collectWhenQuiet(pool, inFlight, mark));
                    }
                }
            }, null, null);
        });
    }

    /** Whether falling idle with {@code used} bytes of old generation, {@code live} of them alive at the last collection, is worth a collection. */
    static boolean worthAnIdleCollection(long used, long live) {
        return used - live >= IDLE_SLACK;
    }

    /** Collect now when nothing is streamed or the old generation has reached twice the mark. */
    static boolean collectNow(int streaming, long used, long mark) {
        return streaming == 0 || used >= 2 * mark;
    }

    /** Waits until no answer has been streamed for {@link #QUIET} (or the old generation reaches twice the mark). */
    private static void collectWhenQuiet(MemoryPoolMXBean pool, InFlight inFlight, long mark) {
        try {
            long quietSince = System.nanoTime();
            while (pool.getUsage().getUsed() < 2 * mark) {
                if (inFlight.streaming() > 0) {
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince >= QUIET.toNanos()) {
                    break;
                }
                Thread.sleep(WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pool.getUsage().getUsed() >= mark) { // unless the proxy fell idle meanwhile and collected then
            collect(pool);
        }
    }

    private static void collectIfStillIdle(MemoryPoolMXBean pool, InFlight inFlight) {
        try {
            Thread.sleep(QUIET);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (inFlight.active() == 0 && worthAnIdleCollection(pool.getUsage().getUsed(), live)) { // and none came meanwhile
            collect(pool);
        }
    }

    /** A full collection, then the next mark from what it left alive. */
    private static void collect(MemoryPoolMXBean pool) {
        System.gc();
        MemoryUsage after = pool.getCollectionUsage();
        live = after == null ? 0 : after.getUsed();
        pool.setUsageThreshold(mark(live));
    }

    /**
     * One and a half times the live size, at least {@link #lowestMark}. At twice, a loaded proxy's
     * ~8 MB alive set the mark at 16 MB, the whole old generation the launcher gives it, so the JVM
     * collected and grew the heap itself; at one and a half, 9-13 full collections of ~30 ms in 20 s of
     * full load (1.4-2 % of a core) and 4 MB less heap in use at the peak (README, Benchmarks).
     */
    static long mark(long live) {
        return mark(live, lowest);
    }

    static long mark(long live, long lowest) {
        return Math.max(lowest, live + live / 2);
    }

    /**
     * Two thirds of the old generation's committed size (10.7 MB of the 16 the launcher's options give
     * it), at least {@link #FLOOR}. A mark above what is committed was never reached: the JVM itself
     * grew the heap, or collected in full in the middle of the streams the watch waits for.
     */
    static long lowestMark(long committed) {
        return Math.max(FLOOR, committed / 3 * 2);
    }

    private static Optional<MemoryPoolMXBean> tenured() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.getName().equals("Tenured Gen") && p.isUsageThresholdSupported())
                .findFirst();
    }
}
