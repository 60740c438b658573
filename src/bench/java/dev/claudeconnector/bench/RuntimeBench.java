package dev.claudeconnector.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The project's runtime figures in one table ({@code bench/run}): an outside harness, JDK only,
 * that drives {@code java -jar target/agent.jar serve} as a user would type it, in front of the
 * {@link StandIn} upstream, and measures the same things against the stand-in directly. See
 * README.md, "Benchmarks", for what each row means. Progress goes to stderr, the table to stdout;
 * exit status 1 when it could not measure, 2 when more than 0.1 % of requests failed.
 */
public final class RuntimeBench {
    /**
     * A session token shaped like Open WebUI's (a JWT from {@code utils/auth.py}'s create_token: the
     * user's id, an expiry, a jti), so headers and the proxy's token checks cost what they do for a
     * user; unsigned for real, the stand-in does not check it. Expires in 2099.
     */
    static final String TOKEN = jwt("{\"id\":\"7c6e1b3a-2f4d-4e8a-9b1c-5d2e3f4a6b7c\",\"exp\":4102444800,"
            + "\"jti\":\"0f9e8d7c-6b5a-4c3d-2e1f-a0b9c8d7e6f5\"}");
    private final BenchSettings s;
    private final Figures f = new Figures();
    private final Load.Errors errors = new Load.Errors();
    private final long t0 = System.nanoTime();
    private static final long HZ = Machine.clockTicks();
    private Path tmp;
    private int bodyBytes;
    private String javaChain = "?";
    private final String loadAtStart = Contention.loadAverage();
    private double othersInWindow;
    private double othersInLoad;
    private double othersInStarts;

    private static String jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        byte[] signature = new byte[32];
        Arrays.fill(signature, (byte) 7);
        return b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(signature);
    }

    private RuntimeBench(BenchSettings settings) {
        this.s = settings;
    }

    public static void main(String[] args) {
        int code;
        RuntimeBench bench = null;
        try {
            bench = new RuntimeBench(BenchSettings.from(System.getenv()));
            code = bench.run();
        } catch (Exception e) {
            System.err.println("bench: FAILED: " + e);
            if (bench != null) {
                ServeProcess.showLog(bench.tmp);
            }
            code = 1;
        }
        System.exit(code); // the shutdown hook stops what was started
    }

    private int run() throws Exception {
        if (!Files.isRegularFile(s.jar())) {
            throw new IOException(s.jar() + " not found: build it (bench/run without --no-build, or ./build -q package -DskipTests)");
        }
        BenchBody body = BenchBody.build(s.fixture(), s.bodyBytes());
        bodyBytes = body.nonStream().length;
        tmp = Files.createTempDirectory("claude-connector-bench.");
        Path home = tmp;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ServeProcess.stopAll();
            ServeProcess.delete(home);
        }, "bench-cleanup"));
        f.concurrency = s.concurrency();
        f.streams = s.streams();
        f.jarBytes = Files.size(s.jar());
        progress("settings: " + s.describe());
        progress("request body: " + body.describe(s.fixture()));
        try (StandIn up = new StandIn(s.chunks(), s.chunkGapMs())) {
            ServeProcess.writeAuthFile(tmp, TOKEN);
            ServeProcess serve = starts(up, body);
            measure(up, serve, body);
        }
        f.header = Machine.header(javaChain, bodyBytes) + String.format(" Other programs used %.0f %% of the machine's"
                + " CPUs during the timed starts, %.0f %% during the CPU window, %.0f %% during all the load (1-min load"
                + " average at start: %s).", othersInStarts * 100, othersInWindow * 100, othersInLoad * 100, loadAtStart);
        System.out.println();
        System.out.println(f.table());
        System.out.print(f.details());
        if (othersInStarts > 0.1 || othersInWindow > 0.1 || othersInLoad > 0.1) {
            String warning = "WARNING: other programs were busy on this machine during the run: the proxy's figures are"
                    + " pessimistic; run again when it is quiet";
            System.out.println("- " + warning);
            progress(warning);
        }
        progress(String.format("done in %.0f s", (System.nanoTime() - t0) / 1e9));
        long failed = errors.failed.get();
        long all = errors.requests.get();
        if (failed > 0) {
            System.err.printf("bench: %,d of %,d requests failed; the first ones:%n", failed, all);
            errors.first().forEach(e -> System.err.println("  " + e));
        }
        if (failed * 1000 > all) {
            System.err.println("bench: FAILED: more than 0.1 % of requests failed");
            return 2;
        }
        return 0;
    }

    /** The first start in a fresh home, then STARTS timed ones; the last one keeps running for the load. */
    private ServeProcess starts(StandIn up, BenchBody body) throws Exception {
        progress("first start in a fresh home (" + tmp + ")");
        ServeProcess first = ServeProcess.start(s.java(), s.jar(), tmp, up.port());
        f.firstReadyNanos = first.awaitReady(key -> proxyRequest(key, body.nonStream()), TimeUnit.SECONDS.toNanos(180));
        List<String> firstTree = ProcTree.describe(first.tree());
        String stopped = first.stop();
        progress(String.format("first start ready in %.2f s (port open at %.2f s); stopped: %s", f.firstReadyNanos / 1e9,
                first.listeningNanos / 1e9, stopped));
        f.notes.add("first start's process tree: " + String.join(" | ", firstTree) + "; stop: " + stopped);
        waitQuiet();
        ServeProcess serve = null;
        // The stopped starts are reaped children (their CPU counts as this harness's); the last one is alive.
        ServeProcess[] alive = new ServeProcess[1];
        Contention during = Contention.begin(() -> alive[0] == null ? 0 : ProcTree.cpuTicks(alive[0].tree()));
        for (int i = 1; i <= s.starts(); i++) {
            ServeProcess p = ServeProcess.start(s.java(), s.jar(), tmp, up.port());
            alive[0] = p;
            long ready = p.awaitReady(key -> proxyRequest(key, body.nonStream()), TimeUnit.SECONDS.toNanos(60));
            f.readyNanos.add(ready);
            f.listeningNanos.add(p.listeningNanos);
            if (i < s.starts()) {
                String how = p.stop();
                progress(String.format("start %d ready in %.2f s; stopped: %s", i, ready / 1e9, how));
            } else {
                serve = p;
                progress(String.format("start %d ready in %.2f s; this one takes the load", i, ready / 1e9));
            }
        }
        othersInStarts = during.othersShare(HZ);
        return serve;
    }

    /** After the first start: until no process mentions the temporary home (up to 180 s), e.g. one preparing caches. */
    private void waitQuiet() throws InterruptedException {
        long q0 = System.nanoTime();
        Map<Long, String> seen = new LinkedHashMap<>();
        List<Long> left = ProcTree.mentioning(tmp.toString());
        while (!left.isEmpty() && System.nanoTime() - q0 < TimeUnit.SECONDS.toNanos(180)) {
            left.forEach(pid -> seen.computeIfAbsent(pid, p -> ProcTree.cmdline(p)));
            Thread.sleep(200);
            left = ProcTree.mentioning(tmp.toString());
        }
        String what = seen.isEmpty() ? "none" : seen.entrySet().stream()
                .map(e -> "pid " + e.getKey() + ": " + e.getValue()).reduce((a, b) -> a + " | " + b).orElse("");
        String note = String.format("after the first start, processes mentioning the temporary home: %s (waited %.1f s%s)",
                what, (System.nanoTime() - q0) / 1e9, left.isEmpty() ? "" : "; STILL RUNNING: " + left);
        f.notes.add(note);
        progress(note);
    }

    private void measure(StandIn up, ServeProcess serve, BenchBody body) throws Exception {
        List<ProcessHandle> tree = serve.tree();
        f.idleKb = ProcTree.rssKb(tree);
        f.notes.add("measured serve's process tree: " + String.join(" | ", ProcTree.describe(tree)));
        javaChain = Machine.javaChain(s.java(), tree);
        String key = ServeProcess.localKey(serve.authFile).orElseThrow();
        byte[] proxyPlain = proxyRequest(key, body.nonStream());
        byte[] proxyStream = proxyRequest(key, body.stream());
        byte[][] direct = UpstreamBodies.capture(up, serve.port, proxyPlain, proxyStream, s.chunks(), f.notes);
        byte[] directPlain = direct[0];
        byte[] directStream = direct[1];

        progress(String.format("c=%d non-stream through the proxy: %,d requests", s.concurrency(), s.total()));
        ProcTree.RssSampler sampler = new ProcTree.RssSampler(serve.process.toHandle());
        Contention load = Contention.begin(() -> ProcTree.cpuTicks(serve.tree()));
        try (Load proxy = new Load("proxy c=" + s.concurrency(), serve.port, s.concurrency(), errors)) {
            f.leakFirst = s.leakFirst();
            proxy.run(proxyPlain, f.leakFirst);
            f.rssAfterFirstKb = ProcTree.rssKb(serve.tree());
            int warmed = warmUp(proxy, proxyPlain, serve, f.leakFirst);
            Map<Long, Long> cpu0 = ProcTree.cpuTicksByPid(serve.tree());
            long jit0 = ProcTree.compilerTicks(serve.tree());
            long self0 = Contention.selfTicks();
            Contention window = Contention.begin(() -> ProcTree.cpuTicks(serve.tree()));
            f.proxyLoad = proxy.run(proxyPlain, s.requests());
            othersInWindow = window.othersShare(HZ);
            Map<Long, Long> cpu1 = ProcTree.cpuTicksByPid(serve.tree());
            long jit = ProcTree.compilerTicks(serve.tree()) - jit0;
            long self1 = Contention.selfTicks();
            StringBuilder each = new StringBuilder();
            long used = 0;
            for (Map.Entry<Long, Long> e : cpu1.entrySet()) {
                long d = e.getValue() - cpu0.getOrDefault(e.getKey(), 0L);
                used += d;
                each.append(each.isEmpty() ? "" : ", ").append(String.format("pid %d %.2f s", e.getKey(), d / (double) HZ));
            }
            f.cpuSecondsPer1000 = CpuWindow.perThousand(used, s.requests());
            f.notes.add(String.format("CPU in the measured window: serve's tree %.2f s (%s; its JIT compilers %.0f %%),"
                    + " this harness (client + stand-in) %.2f s, for %,d requests in %.2f s wall", used / (double) HZ, each,
                    100.0 * Math.max(0, jit) / Math.max(1, used), (self1 - self0) / (double) HZ, s.requests(), f.proxyLoad.nanos() / 1e9));
            proxy.run(proxyPlain, Math.max(0, s.total() - warmed - s.requests()));
            f.leakTotal = Math.max(s.total(), warmed + s.requests());
            f.rssAfterTotalKb = ProcTree.rssKb(serve.tree());
            f.notes.add("proxy's non-stream answers were framed by " + proxy.framing());
        }
        progress(String.format("%d paced streams through the proxy, %d rounds after a warm-up round", s.streams(),
                s.streamRounds()));
        f.proxyLag = StreamLag.run("proxy streams", serve.port, proxyStream, s.streams(), s.streamRounds(), s.chunks(),
                errors).lagsNanos();
        f.peakSampledKb = sampler.stop();

        progress(String.format("c=%d non-stream and streams, direct to the stand-in", s.concurrency()));
        try (Load straight = new Load("direct c=" + s.concurrency(), up.port(), s.concurrency(), errors)) {
            straight.run(directPlain, s.loadWarmup());
            f.directLoad = straight.run(directPlain, s.requests());
        }
        f.directLag = StreamLag.run("direct streams", up.port(), directStream, s.streams(), s.streamRounds(), s.chunks(),
                errors).lagsNanos();

        progress(String.format("c=1 latency: %,d + %,d requests each way, alternating", s.warmup(), s.n()));
        long[][] latency = Latency.run(up.port(), directPlain, serve.port, proxyPlain, s.warmup(), s.n(), errors);
        f.directLatency = latency[0];
        f.proxyLatency = latency[1];
        f.hwmKb = ProcTree.hwmKb(serve.tree());
        othersInLoad = load.othersShare(HZ);
        f.notes.add(HeapCheck.of(serve.tree()));
        f.notes.add("stop of the measured serve: " + serve.stop());
    }

    /**
     * The warm-up before the measured window: LOAD_WARMUP requests in all, the last REQUESTS of them a
     * step whose CPU is read; then further steps of REQUESTS while the JIT compilers took more than
     * JIT_QUIET % of serve's CPU in the step before (on 2 cores C2 may still be compiling the request
     * path after 40,000 requests), to at most LOAD_WARMUP_MAX requests.
     *
     * @param sent requests already sent on this load
     * @return requests sent on this load by the end of the warm-up
     */
    private int warmUp(Load proxy, byte[] body, ServeProcess serve, int sent) throws InterruptedException {
        int step = Math.min(s.requests(), s.loadWarmup() - sent);
        if (step < s.requests() / 2) {
            proxy.run(body, s.loadWarmup() - sent);
            sent = s.loadWarmup();
            step = s.requests();
        } else {
            proxy.run(body, s.loadWarmup() - sent - step);
            sent = s.loadWarmup() - step;
        }
        List<String> steps = new ArrayList<>();
        double share;
        do {
            CpuWindow window = CpuWindow.of(serve, proxy, body, step);
            sent += step;
            share = window.jitShare();
            steps.add(window.describe());
            step = s.requests();
        } while (share > s.jitQuiet() && sent + step <= s.warmupMax());
        f.notes.add(String.format("warm-up: %,d requests at c=%d, the window following once serve's JIT compilers"
                        + " took ≤ %d %% of its CPU over a step of %,d requests; the steps: %s",
                sent, s.concurrency(), s.jitQuiet(), s.requests(), String.join(", ", steps)));
        return sent;
    }

    static byte[] proxyRequest(String key, byte[] body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Accept", "application/json");
        h.put("x-api-key", key);
        h.put("anthropic-version", "2023-06-01");
        return RawHttp.post("/v1/messages?beta=true", h, body);
    }

    private void progress(String line) {
        System.err.printf("bench [%5.1f s] %s%n", (System.nanoTime() - t0) / 1e9, line);
    }
}
