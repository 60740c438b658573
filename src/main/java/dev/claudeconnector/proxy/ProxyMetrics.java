package dev.claudeconnector.proxy;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The proxy's metrics, served as Prometheus text (format 0.0.4) at {@code GET /observe/metrics}:
 * requests, errors, durations and tokens per upstream model and streaming, and the token renewals.
 * Counting a request is a few adder increments; the text is built only when someone asks for it.
 *
 * <p>Not Helidon's metrics with Micrometer, which did this before: their ~470 classes were loaded at
 * every start, kept ~5 MB of a loaded proxy's memory and ran a filter on every request, for the six
 * series below (README, Benchmarks).
 */
final class ProxyMetrics {
    /** The duration histogram's bucket bounds, seconds: from a quick {@code count_tokens} to a long stream. */
    static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Map<Series, Counts> requests = new ConcurrentHashMap<>();
    private final Map<Failure, LongAdder> errors = new ConcurrentHashMap<>();
    private volatile IntSupplier renewals;

    /** One answered (or failed) request to {@code model}, streamed or not, that took {@code nanos}. */
    void request(String model, boolean stream, long nanos, long inputTokens, long outputTokens) {
        Counts counts = requests.computeIfAbsent(new Series(model, stream), k -> new Counts());
        counts.requests.increment();
        counts.nanos.add(nanos);
        counts.maxNanos.accumulate(nanos);
        int bucket = 0;
        while (bucket < BOUNDS.length && nanos > BOUNDS[bucket] * 1e9) {
            bucket++;
        }
        counts.buckets[bucket].increment();
        counts.input.add(inputTokens);
        counts.output.add(outputTokens);
    }

    /** A request that failed: its status and how ({@code http} for an error status alone, {@code timeout}, …). */
    void error(int status, String kind) {
        errors.computeIfAbsent(new Failure(status, kind), k -> new LongAdder()).increment();
    }

    /** How many times the session token was renewed, read when the metrics are asked for. */
    void renewals(IntSupplier renewals) {
        this.renewals = renewals;
    }

    /** All series now, in Prometheus' text format, in a stable order. */
    String prometheus() {
        Map<Series, Counts> series = new TreeMap<>(requests);
        StringBuilder text = new StringBuilder(1024);
        type(text, "connector_requests_total", "counter", "Requests answered, by upstream model and streaming");
        series.forEach((s, c) -> sample(text, "connector_requests_total", s.labels(), c.requests.sum()));
        type(text, "connector_errors_total", "counter", "Requests that failed, by status and kind");
        new TreeMap<>(errors).forEach((f, n) -> sample(text, "connector_errors_total",
                "status=\"" + f.status() + "\",kind=" + quoted(f.kind()), n.sum()));
        type(text, "connector_request_duration_seconds", "histogram", "Time from a request to the end of its answer");
        series.forEach((s, c) -> {
            long cumulative = 0;
            for (int i = 0; i <= BOUNDS.length; i++) {
                cumulative += c.buckets[i].sum();
                String le = i < BOUNDS.length ? Double.toString(BOUNDS[i]) : "+Inf";
                sample(text, "connector_request_duration_seconds_bucket", s.labels() + ",le=\"" + le + "\"", cumulative);
            }
            sample(text, "connector_request_duration_seconds_sum", s.labels(), c.nanos.sum() / 1e9);
            sample(text, "connector_request_duration_seconds_count", s.labels(), cumulative);
        });
        type(text, "connector_request_duration_seconds_max", "gauge", "The longest request so far");
        series.forEach((s, c) -> sample(text, "connector_request_duration_seconds_max", s.labels(), c.maxNanos.get() / 1e9));
        type(text, "connector_tokens_input_total", "counter", "Input tokens upstream reported, cached reads included");
        series.forEach((s, c) -> sample(text, "connector_tokens_input_total", s.labels(), c.input.sum()));
        type(text, "connector_tokens_output_total", "counter", "Output tokens upstream reported");
        series.forEach((s, c) -> sample(text, "connector_tokens_output_total", s.labels(), c.output.sum()));
        IntSupplier renewed = renewals;
        if (renewed != null) {
            type(text, "connector_token_renewals", "gauge", "Times the Open WebUI session token was renewed");
            sample(text, "connector_token_renewals", "", renewed.getAsInt());
        }
        return text.toString();
    }

    private static void type(StringBuilder text, String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder text, String name, String labels, long value) {
        text.append(name).append(labels.isEmpty() ? "" : "{" + labels + "}").append(' ').append(value).append('\n');
    }

    private static void sample(StringBuilder text, String name, String labels, double value) {
        text.append(name).append('{').append(labels).append("} ").append(String.format(Locale.ROOT, "%.6f", value)).append('\n');
    }

    /** A label value as the text format quotes it: backslash, double quote and line feed escaped. */
    static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    private record Series(String model, boolean stream) implements Comparable<Series> {
        String labels() {
            return "model=" + quoted(model) + ",stream=\"" + stream + "\"";
        }

        @Override
        public int compareTo(Series o) {
            int byModel = model.compareTo(o.model);
            return byModel != 0 ? byModel : Boolean.compare(stream, o.stream);
        }
    }

    private record Failure(int status, String kind) implements Comparable<Failure> {
        @Override
        public int compareTo(Failure o) {
            int byStatus = Integer.compare(status, o.status);
            return byStatus != 0 ? byStatus : kind.compareTo(o.kind);
        }
    }

    private static final class Counts {
        final LongAdder requests = new LongAdder();
        final LongAdder nanos = new LongAdder();
        final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
        final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
        final LongAdder input = new LongAdder();
        final LongAdder output = new LongAdder();

        Counts() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }
    }
}
