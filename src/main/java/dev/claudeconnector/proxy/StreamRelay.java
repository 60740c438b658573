package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudeconnector.translate.StreamTranslator;
import dev.claudeconnector.openwebui.ChatAnswer;
import dev.claudeconnector.openwebui.FailureReading;
import dev.claudeconnector.openwebui.OpenWebUiFailure;
import dev.claudeconnector.translate.ForeignToolCall;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
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

    /**
     * @param errors  words an error found inside the stream (Open WebUI's {@code {"error":…}} chunk)
     * @param foreign words a call to a tool the client did not offer, which ends the stream
     */
    Result relay(ChatAnswer upstream, StreamTranslator translator, SseChannel client,
                 Function<OpenWebUiFailure, ApiError> errors, Function<ForeignToolCall, ApiError> foreign) {
        long idle = pingInterval.toNanos();
        ScheduledFuture<?> pinger = timer.scheduleAtFixedRate(() -> client.pingIfIdle(idle),
                Math.max(1, idle / 3), Math.max(1, idle / 3), TimeUnit.NANOSECONDS);
        String error = null;
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(upstream.stream(), StandardCharsets.UTF_8), 16 * 1024)) {
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
                if (chunk == null || !chunk.isObject()) {
                    continue;
                }
                Optional<OpenWebUiFailure> failure = FailureReading.inAnswer(chunk);
                if (failure.isPresent()) {
                    ApiError e = errors.apply(failure.get());
                    error = e.getMessage();
                    client.send(List.of(StreamTranslator.error(e.type(), e.getMessage())));
                    break;
                }
                client.send(translator.onChunk(chunk));
                if (translator.finished()) {
                    break;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            if (!client.isGone()) {
                ApiError broken = errors.apply(FailureReading.ofException(e));
                error = broken.getMessage();
                client.send(List.of(StreamTranslator.error(broken.type(), broken.getMessage())));
            }
        } finally {
            pinger.cancel(false);
        }
        if (!client.isGone() && error == null) {
            client.send(translator.finish());
            Optional<ForeignToolCall> refused = translator.refusedToolCall();
            if (refused.isPresent()) {
                ApiError e = foreign.apply(refused.get());
                error = e.getMessage();
                client.send(List.of(StreamTranslator.error(e.type(), e.getMessage())));
            }
        }
        return new Result(client.isGone(), error);
    }
}
