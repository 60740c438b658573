package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * One info line per request: model asked → upstream model, stream or not, status, tokens,
 * duration. Never a header, body, token or key.
 */
final class RequestLog {
    private static final System.Logger LOG = System.getLogger("dev.claudeconnector.requests");

    Entry start(String requested, String upstreamModel, boolean stream, long startedNanos) {
        return new Entry(requested, upstreamModel, stream, startedNanos);
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
            write(status, "", usage);
        }

        void streamed(StreamRelay.Result result, JsonNode usage) {
            String note = result.clientGone() ? " client-disconnected" : result.error() != null ? " stream-error" : "";
            write(200, note, usage);
        }

        void failed(int status, String type) {
            write(status, " " + type, null);
        }

        private void write(int status, String note, JsonNode usage) {
            long ms = (System.nanoTime() - started) / 1_000_000;
            String tokens = usage == null || usage.isMissingNode() ? "-"
                    : usage.path("input_tokens").asLong() + usage.path("cache_read_input_tokens").asLong()
                    + "/" + usage.path("output_tokens").asLong();
            LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "%s -> %s %s %d%s tokens(in/out)=%s %dms",
                    requested, upstreamModel, stream ? "stream" : "whole", status, note, tokens, ms));
        }
    }
}
