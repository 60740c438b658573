package dev.claudeconnector.bench;

import java.io.IOException;

/**
 * Added latency at c=1: one keep-alive connection to the stand-in and one to the proxy; direct and
 * proxied requests alternate (so both see the same machine), warm-up first, then {@code n} timed each.
 */
final class Latency {
    private Latency() {
    }

    /** @return {direct, proxied}: each request's time from the first byte sent to the last byte read, ns */
    static long[][] run(int upPort, byte[] direct, int proxyPort, byte[] proxied, int warmup, int n, Load.Errors errors)
            throws IOException {
        long[] d = new long[n];
        long[] p = new long[n];
        try (RawHttp dc = new RawHttp("127.0.0.1", upPort, 60_000); RawHttp pc = new RawHttp("127.0.0.1", proxyPort, 60_000)) {
            dc.connect();
            pc.connect();
            for (int i = 0; i < warmup + n; i++) {
                long a = timed(dc, direct, "direct c=1", errors);
                long b = timed(pc, proxied, "proxy c=1", errors);
                if (i >= warmup) {
                    d[i - warmup] = a;
                    p[i - warmup] = b;
                }
            }
        }
        return new long[][] {d, p};
    }

    private static long timed(RawHttp c, byte[] request, String name, Load.Errors errors) {
        long t = System.nanoTime();
        try {
            int status = c.exchange(request, null);
            if (status == 200) {
                errors.ok();
            } else {
                errors.fail(name, "HTTP " + status + ": " + c.body());
            }
        } catch (IOException e) {
            errors.fail(name, e.toString());
        }
        return System.nanoTime() - t;
    }
}
