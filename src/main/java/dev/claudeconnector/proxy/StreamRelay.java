package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudeconnector.translate.StreamTranslator;
import io.helidon.webclient.api.HttpClientResponse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Pumps one upstream SSE body through a {@link StreamTranslator} to the client: one line read,
 * at most one JSON parse, events flushed at once. Pings keep a silent stream alive; a client that
 * leaves aborts the upstream call (closing its response tears down the connection).
 */
final class StreamRelay {
    private static final String DATA = "data:";

    private final ObjectMapper json;
    private final ScheduledExecutorService timer;
    private final Duration pingInterval;

    StreamRelay(ObjectMapper json, ScheduledExecutorService timer, Duration pingInterval) {
        this.json = json;
        this.timer = timer;
        this.pingInterval = pingInterval;
    }

    /** Outcome for the request log. */
    record Result(boolean clientGone, String error) {
    }

    Result relay(HttpClientResponse upstream, StreamTranslator translator, SseChannel client) {
        long idle = pingInterval.toNanos();
        ScheduledFuture<?> pinger = timer.scheduleAtFixedRate(() -> client.pingIfIdle(idle),
                Math.max(1, idle / 3), Math.max(1, idle / 3), TimeUnit.NANOSECONDS);
        String error = null;
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(upstream.inputStream(), StandardCharsets.UTF_8), 16 * 1024)) {
            client.send(translator.start());
            String line;
            while (!client.isGone() && (line = lines.readLine()) != null) {
                if (!line.startsWith(DATA)) {
                    continue; // blank separators, "event:" and ":" comment lines carry nothing we use
                }
                String data = line.substring(DATA.length()).strip();
                if (data.equals("[DONE]")) {
                    break;
                }
                if (data.isEmpty()) {
                    continue;
                }
                JsonNode chunk;
                try {
                    chunk = json.readTree(data);
                } catch (IOException e) {
                    continue; // one garbled line must not end a good answer
                }
                if (chunk != null && chunk.isObject()) {
                    client.send(translator.onChunk(chunk));
                }
                if (translator.finished()) {
                    break;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            if (!client.isGone()) {
                error = "the connection to Open WebUI broke mid-answer (" + e.getMessage() + ")";
                client.send(java.util.List.of(StreamTranslator.error("api_error",
                        "The connection to Open WebUI broke mid-answer: " + e.getMessage() + ". Try again.")));
            }
        } finally {
            pinger.cancel(false);
        }
        if (!client.isGone() && error == null) {
            client.send(translator.finish());
        }
        return new Result(client.isGone(), error);
    }
}
