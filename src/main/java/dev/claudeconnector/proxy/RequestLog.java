package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.JsonNode;


import java.util.Locale;

/**
 * One info line per request: model asked → upstream model, stream or not, status, tokens,
 * duration; a warning per request refused for the local key. Never a header value, body, token or key. The same facts feed the metrics at
 * {@code /observe/metrics}: requests, errors, latency and tokens ({@link ProxyMetrics}).
 */
final class RequestLog {
    /** The logger of these lines. */
    static final String LOGGER = "dev.claudeconnector.requests";
    private static final System.Logger LOG = System.getLogger(LOGGER);

    private final ProxyMetrics metrics;

    RequestLog(ProxyMetrics metrics) {
        this.metrics = metrics;
    }

    Entry start(String requested, String upstreamModel, boolean stream, long startedNanos) {
        return new Entry(metrics, requested, upstreamModel, stream, startedNanos);
    }

    /**
     * A request refused before any route saw it (no or a wrong local key): "POST /v1/messages rejected
     * 401 authentication_error (x-api-key: not the local key) 0ms", a warning, because Claude Code
     * retries such a request silently. Counted like any failed request (model "-", not streamed).
     */
    void rejected(String method, String path, String why, int status, String type, long startedNanos) {
        long nanos = System.nanoTime() - startedNanos;
        start("-", "-", false, startedNanos).record(status, type, 0, 0, nanos);
        long ms = nanos / 1_000_000;
        LOG.log(System.Logger.Level.WARNING, String.format(Locale.ROOT, "%s %s rejected %d %s (%s) %dms",
                method, path, status, type, why, ms));
    }

    static final class Entry {
        private final ProxyMetrics metrics;
        private final String requested;
        private final String upstreamModel;
        private final boolean stream;
        private final long started;

        private Entry(ProxyMetrics metrics, String requested, String upstreamModel, boolean stream, long started) {
            this.metrics = metrics;
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
            long nanos = System.nanoTime() - started;
            boolean counted = usage != null && !usage.isMissingNode();
            long input = counted ? usage.path("input_tokens").asLong() + usage.path("cache_read_input_tokens").asLong() : 0;
            long output = counted ? usage.path("output_tokens").asLong() : 0;
            record(status, kind, input, output, nanos);
            // Concatenated, not String.format: a format string is parsed on every call (~1 % of a busy proxy's CPU).
            LOG.log(System.Logger.Level.INFO, requested + " -> " + upstreamModel + (stream ? " stream " : " whole ") + status
                    + note + " tokens(in/out)=" + (counted ? input + "/" + output : "-") + " " + nanos / 1_000_000 + "ms");
        }

        private void record(int status, String kind, long inputTokens, long outputTokens, long nanos) {
            metrics.request(upstreamModel, stream, nanos, inputTokens, outputTokens);
            if (status >= 400 || !kind.isEmpty()) {
                metrics.error(status, kind.isEmpty() ? "http" : kind);
            }
        }
    }
}
