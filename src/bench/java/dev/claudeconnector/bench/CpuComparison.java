package dev.claudeconnector.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Two builds' CPU per request measured side by side ({@code bench/run --compare OTHER.jar}): on a
 * shared machine one {@code bench/run} after another sees the machine of another minute, and
 * its speed drifts by more than the 5–10 % a change makes. So both builds' {@code serve}s run at
 * once in front of one {@link StandIn}, each warmed by its own load, and the measured windows
 * alternate between them in ABBA order: each window of {@code REQUESTS} non-stream requests at
 * {@code CONCURRENCY} loads one proxy while the other idles, and both see the machine of the same
 * minutes. Prints each window, then each build's mean and median, in how many rounds this build
 * was the lower and by how much its mean differs, and each proxy's peak RSS ({@code VmHWM}).
 *
 * <p>With {@code --floor} ({@code bench/run --floor}) the other side is {@link PassThrough}: what
 * Helidon's server and HttpCore's client cost here with none of the proxy's work between them, so the
 * difference is what the proxy itself adds to the CPU row.
 */
public final class CpuComparison {
    /** The argument that measures {@link PassThrough} instead of another build ({@code bench/run --floor}). */
    static final String FLOOR = "--floor";

    private record Proxy(String name, String what, ServeProcess serve, Load load, byte[] request, List<CpuWindow> windows) {
        /** Each window's CPU ticks: every window sends the same number of requests, so they compare as they are. */
        List<Long> ticks() {
            return windows.stream().map(CpuWindow::ticks).toList();
        }

        double mean() {
            return ticks().stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
        }

        /** {@code ticks} of one window as CPU seconds per 1,000 requests. */
        double perThousand(double ticks) {
            return CpuWindow.perThousand(ticks, windows.getFirst().requests());
        }
    }

    private CpuComparison() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(BenchSettings.from(System.getenv()), args[0].equals(FLOOR) ? null : Path.of(args[0]));
        } catch (Exception e) {
            System.err.println("bench: FAILED: " + e);
            code = 1;
        }
        System.exit(code); // the shutdown hook stops what was started
    }

    /**
     * @param other the other build's jar, or null for {@link PassThrough} on this build's libraries
     *              and JVM options, the floor under this build's CPU
     */
    private static int run(BenchSettings s, Path other) throws Exception {
        int rounds = s.rounds();
        for (Path jar : other == null ? List.of(s.jar()) : List.of(s.jar(), other)) {
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
            for (String name : List.of("this build", other == null ? "floor" : "other")) {
                Path home = Files.createDirectories(tmp.resolve(name.replace(' ', '-')));
                ServeProcess serve;
                String what;
                if (name.equals("floor")) {
                    serve = ServeProcess.passThrough(proxies.getFirst().serve(), s.jar(), home, up.port());
                    what = "Helidon's server and HttpCore's client alone, the body passed as it is (bench.PassThrough)";
                } else {
                    Path jar = name.equals("other") ? other : s.jar();
                    ServeProcess.writeAuthFile(home, RuntimeBench.TOKEN);
                    serve = ServeProcess.start(s.java(), jar, home, up.port());
                    what = jar.toString();
                }
                serve.awaitReady(key -> RuntimeBench.proxyRequest(key, body.nonStream()), 120_000_000_000L);
                byte[] request = RuntimeBench.proxyRequest(ServeProcess.localKey(serve.authFile).orElseThrow(), body.nonStream());
                proxies.add(new Proxy(name, what, serve, new Load(name, serve.port, s.concurrency(), errors), request, new ArrayList<>()));
            }
            for (Proxy p : proxies) {
                progress(String.format("warming %s (%s): %,d requests at c=%d", p.name(), p.what(), s.loadWarmup(), s.concurrency()));
                p.load().run(p.request(), s.loadWarmup());
            }
            for (int round = 0; round < rounds; round++) {
                List<Proxy> order = round % 2 == 0 ? proxies : proxies.reversed();
                StringBuilder line = new StringBuilder(String.format("round %d:", round + 1));
                for (Proxy p : order) {
                    CpuWindow window = CpuWindow.of(p.serve(), p.load(), p.request(), s.requests());
                    p.windows().add(window);
                    line.append("  ").append(p.name()).append(' ').append(window.describe());
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
                lower += proxies.get(0).ticks().get(i) < proxies.get(1).ticks().get(i) ? 1 : 0;
            }
            for (Proxy p : proxies) {
                System.out.printf("%-10s %s: mean %.3f s, median %.3f s (windows %s); peak RSS (VmHWM) %.0f MB%n", p.name(),
                        p.what(), p.perThousand(p.mean()), p.perThousand(Figures.median(p.ticks())),
                        p.windows().stream().map(w -> String.format("%.3f", w.perThousand())).toList(),
                        Figures.mb(ProcTree.hwmKb(p.serve().tree())));
            }
            Proxy mine = proxies.getFirst();
            Proxy theirs = proxies.getLast();
            System.out.printf("this build was the lower in %d of %d rounds; its mean %+.3f s per 1,000 (%+.0f %%) against %s;"
                    + " failed requests: %d%n", lower, rounds, mine.perThousand(mine.mean() - theirs.mean()),
                    100 * (mine.mean() / theirs.mean() - 1), theirs.name(), errors.failed.get());
            for (Proxy p : proxies) {
                p.load().close();
            }
        }
        return errors.failed.get() * 1000 > errors.requests.get() ? 2 : 0;
    }

    private static void progress(String line) {
        System.err.println("bench: " + line);
    }
}
