package dev.claudeconnector.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Two builds' CPU per request measured side by side ({@code bench/run --compare OTHER.jar}): on a
 * shared machine one {@code bench/run} after another sees the machine of another minute, and
 * its speed drifts by more than the 5–10 % a change makes. So both builds' {@code serve}s run at
 * once in front of one {@link StandIn}, each warmed by its own load, and the measured windows
 * alternate between them in ABBA order: each window of {@code REQUESTS} non-stream requests at
 * {@code CONCURRENCY} loads one proxy while the other idles, and both see the machine of the same
 * minutes. Prints each window, then each build's mean and median and in how many rounds it was
 * the lower, and each proxy's peak RSS ({@code VmHWM}).
 */
public final class CpuComparison {
    private static final long HZ = Machine.clockTicks();

    private record Proxy(String name, Path jar, ServeProcess serve, Load load, byte[] request, List<Double> windows) {
    }

    private CpuComparison() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(BenchSettings.from(System.getenv()), Path.of(args[0]), Integer.parseInt(System.getenv().getOrDefault("ROUNDS", "8")));
        } catch (Exception e) {
            System.err.println("bench: FAILED: " + e);
            code = 1;
        }
        System.exit(code); // the shutdown hook stops what was started
    }

    private static int run(BenchSettings s, Path other, int rounds) throws Exception {
        for (Path jar : List.of(s.jar(), other)) {
            if (!Files.isRegularFile(jar)) {
                throw new IOException(jar + " not found");
            }
        }
        BenchBody body = BenchBody.build(s.fixture(), s.bodyBytes());
        Path tmp = Files.createTempDirectory("claude-connector-compare.");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ServeProcess.stopAll();
            ServeProcess.delete(tmp);
        }, "bench-cleanup"));
        Load.Errors errors = new Load.Errors();
        List<Proxy> proxies = new ArrayList<>();
        try (StandIn up = new StandIn(s.chunks(), s.chunkGapMs())) {
            for (String name : List.of("this build", "other")) {
                Path jar = name.equals("other") ? other : s.jar();
                Path home = Files.createDirectories(tmp.resolve(name.equals("other") ? "other" : "this"));
                ServeProcess.writeAuthFile(home, RuntimeBench.TOKEN);
                ServeProcess serve = ServeProcess.start(s.java(), jar, home, up.port());
                serve.awaitReady(key -> RuntimeBench.proxyRequest(key, body.nonStream()), 120_000_000_000L);
                byte[] request = RuntimeBench.proxyRequest(ServeProcess.localKey(serve.authFile).orElseThrow(), body.nonStream());
                proxies.add(new Proxy(name, jar, serve, new Load(name, serve.port, s.concurrency(), errors), request, new ArrayList<>()));
            }
            for (Proxy p : proxies) {
                progress(String.format("warming %s (%s): %,d requests at c=%d", p.name(), p.jar(), s.loadWarmup(), s.concurrency()));
                p.load().run(p.request(), s.loadWarmup());
            }
            for (int round = 0; round < rounds; round++) {
                List<Proxy> order = round % 2 == 0 ? proxies : proxies.reversed();
                StringBuilder line = new StringBuilder(String.format("round %d:", round + 1));
                for (Proxy p : order) {
                    long cpu0 = ProcTree.cpuTicks(p.serve().tree());
                    long jit0 = ProcTree.compilerTicks(p.serve().tree());
                    p.load().run(p.request(), s.requests());
                    long cpu = ProcTree.cpuTicks(p.serve().tree()) - cpu0;
                    long jit = ProcTree.compilerTicks(p.serve().tree()) - jit0;
                    double per1000 = cpu / (double) HZ / s.requests() * 1000;
                    p.windows().add(per1000);
                    line.append(String.format("  %s %.3f s per 1,000 (JIT %s)", p.name(), per1000,
                            jit < 0 ? "?" : String.format("%.0f %%", 100.0 * jit / Math.max(1, cpu))));
                }
                progress(line.toString());
            }
            System.out.println();
            System.out.printf("CPU per 1,000 non-stream requests at c=%d, %d windows of %,d requests each, alternating (ABBA),"
                    + " after %,d requests of warm-up each; request body %,d bytes; %s on %s, serve on JAVA=%s%n", s.concurrency(),
                    rounds, s.requests(), s.loadWarmup(), body.nonStream().length,
                    ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")), Machine.describe(), s.java());
            int lower = 0;
            for (int i = 0; i < rounds; i++) {
                lower += proxies.get(0).windows().get(i) < proxies.get(1).windows().get(i) ? 1 : 0;
            }
            for (Proxy p : proxies) {
                System.out.printf("%-10s %s: mean %.3f s, median %.3f s (windows %s); peak RSS (VmHWM) %.0f MB%n", p.name(),
                        p.jar(), mean(p.windows()), median(p.windows()), format(p.windows()),
                        ProcTree.hwmKb(p.serve().tree()) / 1024.0);
            }
            System.out.printf("this build was the lower in %d of %d rounds; failed requests: %d%n", lower, rounds, errors.failed.get());
            for (Proxy p : proxies) {
                p.load().close();
            }
        }
        return errors.failed.get() * 1000 > errors.requests.get() ? 2 : 0;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String format(List<Double> values) {
        return Arrays.toString(values.stream().map(v -> String.format("%.3f", v)).toArray());
    }

    private static void progress(String line) {
        System.err.println("bench: " + line);
    }
}
