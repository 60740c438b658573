package dev.claudeconnector.bench;

/**
 * The CPU a serve's process tree used over one window of load, and how much of it its JIT
 * compilers took: the warm-up's steps ({@link RuntimeBench}) and the side-by-side windows
 * ({@link CpuComparison}) are both read this way.
 *
 * @param ticks    utime + stime of the tree over the window, clock ticks
 * @param jitTicks that of its compiler threads; below 0 when one ended meanwhile (HotSpot retires
 *                 idle ones), its time gone with it, so unknown
 * @param requests the requests the window sent
 */
record CpuWindow(long ticks, long jitTicks, int requests) {
    private static final long HZ = Machine.clockTicks();

    /** Sends {@code requests} of {@code request} through {@code load} and reads what {@code serve} used meanwhile. */
    static CpuWindow of(ServeProcess serve, Load load, byte[] request, int requests) throws InterruptedException {
        long cpu0 = ProcTree.cpuTicks(serve.tree());
        long jit0 = ProcTree.compilerTicks(serve.tree());
        load.run(request, requests);
        return new CpuWindow(ProcTree.cpuTicks(serve.tree()) - cpu0, ProcTree.compilerTicks(serve.tree()) - jit0, requests);
    }

    /** CPU seconds per 1,000 requests. */
    double perThousand() {
        return perThousand(ticks, requests);
    }

    /** {@code ticks} of CPU over {@code requests} as seconds per 1,000 requests. */
    static double perThousand(double ticks, int requests) {
        return ticks / HZ / requests * 1000;
    }

    /** The compilers' percentage of the window's CPU; 100 when unknown. */
    double jitShare() {
        return jitTicks < 0 ? 100 : 100.0 * jitTicks / Math.max(1, ticks);
    }

    /** "0.341 s per 1,000 (JIT 3 %)". */
    String describe() {
        return String.format("%.3f s per 1,000 (JIT %s)", perThousand(), jitTicks < 0 ? "?" : String.format("%.0f %%", jitShare()));
    }
}
