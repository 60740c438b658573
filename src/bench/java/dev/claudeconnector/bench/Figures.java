package dev.claudeconnector.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What one run measured, and the table it prints. Memory in MiB (printed "MB"), times as named. */
final class Figures {
    String header = "";
    long firstReadyNanos;
    final List<Long> readyNanos = new ArrayList<>();
    final List<Long> listeningNanos = new ArrayList<>();
    long idleKb;
    long rssAfterFirstKb;
    long rssAfterTotalKb;
    int leakFirst;
    int leakTotal;
    int concurrency;
    int streams;
    long peakSampledKb;
    long hwmKb;
    double cpuSecondsPer1000;
    Load.Result proxyLoad;
    Load.Result directLoad;
    long[] directLatency = new long[0];
    long[] proxyLatency = new long[0];
    long[] directLag = new long[0];
    long[] proxyLag = new long[0];
    long jarBytes;
    final List<String> notes = new ArrayList<>();

    static double percentile(long[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        long[] s = values.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(q * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    private static List<String> seconds(List<Long> nanos) {
        return nanos.stream().map(n -> String.format("%.2f", n / 1e9)).toList();
    }

    static double ms(double nanos) {
        return nanos / 1e6;
    }

    static double mb(long kb) {
        return kb / 1024.0;
    }

    static double median(List<Long> values) {
        return percentile(values.stream().mapToLong(Long::longValue).toArray(), 0.5);
    }

    double peakKb() {
        return Math.max(peakSampledKb, hwmKb);
    }

    double addedMs() {
        return ms(percentile(proxyLatency, 0.5) - percentile(directLatency, 0.5));
    }

    String table() {
        StringBuilder t = new StringBuilder();
        t.append(header).append("\n\n");
        t.append("| figure | direct upstream | agent.jar | target | met |\n|---|---|---|---|---|\n");
        double readyS = median(readyNanos) / 1e9;
        row(t, "peak RSS, " + concurrency + " concurrent (non-stream and stream)", "—",
                String.format("%.0f MB (idle %.0f MB)", mb((long) peakKb()), mb(idleKb)), "≤ 120 MB",
                mb((long) peakKb()) <= 120);
        row(t, "ready: launch → first answered `/v1/messages`", "—",
                String.format("%.2f s (first start after build: %.2f s)", readyS, firstReadyNanos / 1e9), "≤ 0.8 s",
                readyS <= 0.8);
        row(t, "CPU per 1,000 non-stream requests, c=" + concurrency, "—",
                String.format("%.3f s", cpuSecondsPer1000), "≤ 0.25 s", cpuSecondsPer1000 <= 0.25);
        row(t, "added latency, non-stream c=1, p50", String.format("%.3f ms (itself)", ms(percentile(directLatency, 0.5))),
                String.format("%+.3f ms", addedMs()), "≤ +0.4 ms", addedMs() <= 0.4);
        row(t, "throughput, non-stream c=" + concurrency, String.format("%,.0f/s", directLoad.perSecond()),
                String.format("%,.0f/s", proxyLoad.perSecond()), "≥ 2,550/s (30× the router's 85/s)",
                proxyLoad.perSecond() >= 2550);
        row(t, "chunk lag p99, " + streams + " paced streams",
                String.format("%.2f ms", ms(percentile(directLag, 0.99))),
                String.format("%.2f ms", ms(percentile(proxyLag, 0.99))), "≤ 5 ms", ms(percentile(proxyLag, 0.99)) <= 5);
        double growth = mb(rssAfterTotalKb - rssAfterFirstKb);
        row(t, String.format("RSS after %,d requests vs after %,d", leakTotal, leakFirst), "—",
                String.format("%+.1f MB", growth), "≤ +30 MB", growth <= 30);
        double jarMb = jarBytes / 1024.0 / 1024.0;
        row(t, "jar size", "—", String.format("%.1f MB", jarMb), "≤ 80 MB", jarMb <= 80);
        return t.toString();
    }

    private static void row(StringBuilder t, String figure, String direct, String jar, String target, boolean met) {
        t.append("| ").append(figure).append(" | ").append(direct).append(" | ").append(jar).append(" | ")
                .append(target).append(" | ").append(met ? "yes" : "**no**").append(" |\n");
    }

    /** The details under the table: the spread behind each figure. */
    String details() {
        StringBuilder d = new StringBuilder();
        d.append(String.format("- ready, each timed start: %s s (its port first accepted a connection at %s s);"
                        + " first start after build %.2f s%n", seconds(readyNanos), seconds(listeningNanos),
                firstReadyNanos / 1e9));
        d.append(String.format("- memory: idle %.1f MB; after %,d requests %.1f MB; after %,d %.1f MB; peak sampled every"
                        + " 50 ms %.1f MB; sum of VmHWM %.1f MB%n", mb(idleKb), leakFirst, mb(rssAfterFirstKb), leakTotal,
                mb(rssAfterTotalKb), mb(peakSampledKb), mb(hwmKb)));
        d.append(String.format("- latency c=1 (ms) p50 / p90 / p99: direct %.3f / %.3f / %.3f; through the proxy"
                        + " %.3f / %.3f / %.3f%n", ms(percentile(directLatency, 0.5)), ms(percentile(directLatency, 0.9)),
                ms(percentile(directLatency, 0.99)), ms(percentile(proxyLatency, 0.5)), ms(percentile(proxyLatency, 0.9)),
                ms(percentile(proxyLatency, 0.99))));
        d.append(String.format("- throughput window: %,d requests direct in %.2f s, %,d through the proxy in %.2f s%n",
                directLoad.requests(), directLoad.nanos() / 1e9, proxyLoad.requests(), proxyLoad.nanos() / 1e9));
        d.append(String.format("- chunk lag (ms) p50 / p99 / max over %,d chunks each: direct %.2f / %.2f / %.2f;"
                        + " through the proxy %.2f / %.2f / %.2f%n", proxyLag.length,
                ms(percentile(directLag, 0.5)), ms(percentile(directLag, 0.99)), ms(percentile(directLag, 1)),
                ms(percentile(proxyLag, 0.5)), ms(percentile(proxyLag, 0.99)), ms(percentile(proxyLag, 1))));
        for (String n : notes) {
            d.append("- ").append(n).append('\n');
        }
        return d.toString();
    }
}
