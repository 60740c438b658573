package dev.claudeconnector.bench;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code bench/run} measures with, from the environment (defaults in brackets; they keep a
 * whole run under about 4 minutes on a 2-core machine).
 *
 * @param java         JAVA [java on PATH]: the java that runs {@code -jar target/agent.jar serve}, as a user would type it
 * @param jar          JAR [target/agent.jar]
 * @param fixture      FIXTURE [src/test/resources/fixtures/03_write_tool_result_request.json]
 * @param bodyBytes    BODY_BYTES [22016, i.e. 21.5 KiB]: the request body is cut down to at most this
 * @param n            N [2000]: sequential requests each way for the added latency (c=1)
 * @param warmup       WARMUP [2000]: sequential warm-up requests each way before those
 * @param starts       STARTS [5]: timed starts after the first one (median reported)
 * @param concurrency  CONCURRENCY [32]: connections for the throughput, CPU and memory load
 * @param loadWarmup   LOAD_WARMUP [40000]: concurrent requests at least before the measured window
 * @param warmupMax    LOAD_WARMUP_MAX [200000]: after LOAD_WARMUP the warm-up goes on in steps of REQUESTS while
 *                     the JIT compilers took more than JIT_QUIET % of serve's CPU in the last step, up to this many
 * @param jitQuiet     JIT_QUIET [5]: the compilers' share of serve's CPU (%) below which the proxy counts as warm
 * @param requests     REQUESTS [10000]: the measured window (CPU per 1,000 and throughput)
 * @param total        TOTAL [20000]: concurrent requests in all (at least the warm-up and REQUESTS), for RSS after 1,000 vs after TOTAL
 * @param streams      STREAMS [32]: concurrent streamed answers
 * @param chunks       CHUNKS [40]: text chunks per streamed answer
 * @param chunkGapMs   CHUNK_GAP_MS [25]: milliseconds between them
 * @param streamRounds STREAM_ROUNDS [3]: measured rounds of STREAMS streams (after one warm-up round)
 * @param rounds       ROUNDS [8]: {@code --compare} only: windows of REQUESTS on each build ({@link CpuComparison})
 */
record BenchSettings(String java, Path jar, Path fixture, int bodyBytes, int n, int warmup, int starts,
                     int concurrency, int loadWarmup, int warmupMax, int jitQuiet, int requests, int total, int streams, int chunks,
                     int chunkGapMs, int streamRounds, int rounds) {

    static BenchSettings from(Map<String, String> env) {
        int concurrency = num(env, "CONCURRENCY", 32);
        int loadWarmup = num(env, "LOAD_WARMUP", 40000);
        int requests = num(env, "REQUESTS", 10000);
        return new BenchSettings(
                env.getOrDefault("JAVA", "java"),
                Path.of(env.getOrDefault("JAR", "target/agent.jar")),
                Path.of(env.getOrDefault("FIXTURE", "src/test/resources/fixtures/03_write_tool_result_request.json")),
                num(env, "BODY_BYTES", 22016),
                num(env, "N", 2000),
                num(env, "WARMUP", 2000),
                num(env, "STARTS", 5),
                concurrency,
                loadWarmup,
                Math.max(num(env, "LOAD_WARMUP_MAX", 200000), loadWarmup),
                num(env, "JIT_QUIET", 5),
                requests,
                Math.max(num(env, "TOTAL", 20000), loadWarmup + requests),
                num(env, "STREAMS", 32),
                num(env, "CHUNKS", 40),
                num(env, "CHUNK_GAP_MS", 25),
                num(env, "STREAM_ROUNDS", 3),
                num(env, "ROUNDS", 8));
    }

    private static int num(Map<String, String> env, String name, int dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.strip().replace("_", "").replace(",", ""));
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive whole number, not '" + v + "'");
        }
    }

    /** Requests before the first RSS reading of the leak check (1,000, or fewer if the warm-up is shorter). */
    int leakFirst() {
        return Math.min(1000, loadWarmup);
    }

    String describe() {
        return String.format("N=%d WARMUP=%d STARTS=%d CONCURRENCY=%d LOAD_WARMUP=%d LOAD_WARMUP_MAX=%d JIT_QUIET=%d REQUESTS=%d TOTAL=%d STREAMS=%d"
                        + " CHUNKS=%d CHUNK_GAP_MS=%d STREAM_ROUNDS=%d BODY_BYTES=%d JAVA=%s",
                n, warmup, starts, concurrency, loadWarmup, warmupMax, jitQuiet, requests, total, streams, chunks, chunkGapMs, streamRounds,
                bodyBytes, java);
    }
}
