package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.JsonNode;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One info line per request: model asked → upstream model, stream or not, status, tokens,
 * duration; a warning per request refused for the local key. Never a header value, body, token or key. The same facts feed the metrics at
 * {@code /observe/metrics}: requests, errors, latency and tokens.
 */
final class RequestLog {
    private static final System.Logger LOG = System.getLogger("dev.claudeconnector.requests");
    private static final MeterRegistry METRICS = Metrics.globalRegistry();

    Entry start(String requested, String upstreamModel, boolean stream, long startedNanos) {
        return new Entry(requested, upstreamModel, stream, startedNanos);
    }

    /**
     * A request refused before any route saw it (no or a wrong local key): "POST /v1/messages rejected
     * 401 authentication_error (x-api-key: not the local key) 0ms", a warning, because Claude Code
     * retries such a request silently. Counted like any failed request (model "-", not streamed).
     */
    void rejected(String method, String path, String why, int status, String type, long startedNanos) {
        Entry entry = start("-", "-", false, startedNanos);
        long ms = (System.nanoTime() - startedNanos) / 1_000_000;
        entry.record(status, " " + type, null, ms);
        LOG.log(System.Logger.Level.WARNING, String.format(Locale.ROOT, "%s %s rejected %d %s (%s) %dms",
                method, path, status, type, why, ms));
    }

    static final class Entry {
        private final String requested;
        private final String upstreamModel;
        private final boolean stream;
        private final long started;

        private Entry(String requested, String upstreamModel, boolean stream, long started) {
            this.requested = requested;
            this.upstreamModel = upstreamModel;
            this.stream = stream;
            this.started = started;
        }

        void completed(int status, JsonNode usage) {
            write(status, "", usage, "");
        }

        /** A streamed answer; its outcome ({@code cut off by upstream}, {@code timeout}, {@code client gone}) is counted too. */
        void streamed(StreamRelay.Result result, JsonNode usage) {
            String how = result.outcome().words;
            write(200, how.isEmpty() ? "" : " " + how, usage, how);
        }

        void failed(int status, String type) {
            write(status, " " + type, null, type);
        }

        /** A request that failed talking to Open WebUI: how ({@code cut off by upstream}, {@code timeout}). */
        void failed(int status, String type, String how) {
            write(status, " " + type + " " + how, null, how);
        }

        private void write(int status, String note, JsonNode usage, String kind) {
            long ms = (System.nanoTime() - started) / 1_000_000;
            String tokens = usage == null || usage.isMissingNode() ? "-"
                    : usage.path("input_tokens").asLong() + usage.path("cache_read_input_tokens").asLong()
                    + "/" + usage.path("output_tokens").asLong();
            record(status, kind, usage, ms);
            LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "%s -> %s %s %d%s tokens(in/out)=%s %dms",
                    requested, upstreamModel, stream ? "stream" : "whole", status, note, tokens, ms));
        }

        private void record(int status, String kind, JsonNode usage, long ms) {
            Meters meters = Meters.of(upstreamModel, stream);
            meters.requests().increment();
            if (status >= 400 || !kind.isEmpty()) {
                METRICS.getOrCreate(Counter.builder("connector.errors").tags(List.of(
                        Tag.create("status", String.valueOf(status)), Tag.create("kind", kind.isEmpty() ? "http" : kind))))
                        .increment();
            }
            meters.duration().record(ms, TimeUnit.MILLISECONDS);
            if (usage != null && !usage.isMissingNode()) {
                meters.input().increment(usage.path("input_tokens").asLong() + usage.path("cache_read_input_tokens").asLong());
                meters.output().increment(usage.path("output_tokens").asLong());
            }
        }
    }

    /** The meters of one upstream model, streamed or not, looked up once rather than built per request. */
    private record Meters(Counter requests, Timer duration, Counter input, Counter output) {
        private static final Map<String, Meters> KNOWN = new ConcurrentHashMap<>();

        static Meters of(String model, boolean stream) {
            return KNOWN.computeIfAbsent(model + (stream ? "\u0000stream" : "\u0000whole"), key -> {
                List<Tag> tags = List.of(Tag.create("model", model), Tag.create("stream", String.valueOf(stream)));
                return new Meters(METRICS.getOrCreate(Counter.builder("connector.requests").tags(tags)),
                        METRICS.getOrCreate(Timer.builder("connector.request.duration").tags(tags)),
                        METRICS.getOrCreate(Counter.builder("connector.tokens.input").tags(tags)),
                        METRICS.getOrCreate(Counter.builder("connector.tokens.output").tags(tags)));
            });
        }
    }
}
