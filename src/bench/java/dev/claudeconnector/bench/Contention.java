package dev.claudeconnector.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * How much of the machine other programs used while the benchmark ran: the machine's busy CPU
 * time (/proc/stat) minus this harness's (its own and its reaped children's, /proc/self/stat) minus
 * that of the serve processes still alive (given by the caller). On a shared machine this says
 * whether the figures can be trusted: every core another program takes is one the proxy lacks.
 */
final class Contention {
    private final LongSupplier liveTicks;
    private final long busy0;
    private final long self0;
    private final long live0;
    private final long wall0;

    private Contention(LongSupplier liveTicks) {
        this.liveTicks = liveTicks;
        this.busy0 = ProcTree.machineBusyTicks();
        this.self0 = selfTicks();
        this.live0 = liveTicks.getAsLong();
        this.wall0 = System.nanoTime();
    }

    /** Starts counting now; {@code liveTicks} gives the CPU ticks of the serve processes alive (0 if none). */
    static Contention begin(LongSupplier liveTicks) {
        return new Contention(liveTicks);
    }

    /** The share (0–1) of all the machine's CPUs that other programs used since {@link #begin}. */
    double othersShare(long ticksPerSecond) {
        long others = ProcTree.machineBusyTicks() - busy0 - (selfTicks() - self0) - (liveTicks.getAsLong() - live0);
        double capacity = (System.nanoTime() - wall0) / 1e9 * ticksPerSecond * Runtime.getRuntime().availableProcessors();
        return capacity <= 0 ? 0 : Math.max(0, others / capacity);
    }

    /** utime + stime + cutime + cstime of this process, clock ticks. */
    static long selfTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The 1-minute load average, from /proc/loadavg. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
