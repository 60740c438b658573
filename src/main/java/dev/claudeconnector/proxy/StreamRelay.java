package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudeconnector.json.JsonTrees;
import dev.claudeconnector.openwebui.ChatAnswer;
import dev.claudeconnector.openwebui.FailureReading;
import dev.claudeconnector.openwebui.OpenWebUiFailure;
import dev.claudeconnector.openwebui.SseLines;
import dev.claudeconnector.translate.ForeignToolCall;
import dev.claudeconnector.translate.StreamTranslator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
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
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private final ScheduledExecutorService timer;
    private final Duration pingInterval;

    StreamRelay(ScheduledExecutorService timer, Duration pingInterval) {
        this.timer = timer;
        this.pingInterval = pingInterval;
    }

    /** How a relayed stream ended, for the request log and metrics. */
    enum Outcome {
        COMPLETED(""), UPSTREAM_ERROR("upstream error"), CUT_OFF("cut off by upstream"), TIMEOUT("timeout"),
        CLIENT_GONE("client gone");

        /** The words in the request log line (empty for a completed answer). */
        final String words;

        Outcome(String words) {
            this.words = words;
        }

        /** How a request ended when the connection to Open WebUI failed: a timeout, or an answer cut off. */
        static Optional<Outcome> of(OpenWebUiFailure.Unreachable failure) {
            return switch (failure.reason()) {
                case TIMEOUT -> Optional.of(TIMEOUT);
                case BROKEN -> Optional.of(CUT_OFF);
                default -> Optional.empty();
            };
        }
    }

    /** Outcome for the request log. */
    record Result(Outcome outcome, String error) {
        boolean clientGone() {
            return outcome == Outcome.CLIENT_GONE;
        }
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
        Result ending = null;
        boolean done = false;
        try (SseLines lines = upstream.lines()) {
            client.send(translator.start());
            while (!client.isGone() && next(lines)) {
                if (!lines.startsWith(DATA)) {
                    continue; // blank separators, "event:" and ":" comment lines carry nothing we use
                }
                byte[] line = lines.buffer();
                int from = lines.offset() + DATA.length();
                int to = lines.offset() + lines.length();
                while (from < to && isSpace(line[from])) {
                    from++;
                }
                while (to > from && isSpace(line[to - 1])) {
                    to--;
                }
                if (to == from) {
                    continue;
                }
                if (Arrays.equals(line, from, to, DONE, 0, DONE.length)) {
                    done = true;
                    break;
                }
                JsonNode chunk;
                try {
                    chunk = JsonTrees.read(line, from, to - from); // from the bytes: no string of the line first
                } catch (IOException e) {
                    continue; // one garbled line must not end a good answer
                }
                if (chunk == null || !chunk.isObject()) {
                    continue;
                }
                Optional<OpenWebUiFailure> failure = FailureReading.inAnswer(chunk);
                if (failure.isPresent()) {
                    ending = endWith(client, errors.apply(failure.get()), Outcome.UPSTREAM_ERROR);
                    break;
                }
                client.send(translator.onChunk(chunk));
                if (translator.finished()) {
                    break;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            if (!client.isGone()) {
                OpenWebUiFailure.Unreachable why = FailureReading.ofException(e);
                ending = endWith(client, errors.apply(why), Outcome.of(why).orElse(Outcome.CUT_OFF));
            }
        } finally {
            pinger.cancel(false);
        }
        if (!client.isGone() && ending == null && !done && !translator.finished() && !translator.sawFinishReason()) {
            // The body ended without [DONE] and without a finish_reason: a cut-off answer, not a shorter one.
            ending = endWith(client, errors.apply(new OpenWebUiFailure.Unreachable(OpenWebUiFailure.Unreachable.Reason.BROKEN,
                    "the stream ended before Open WebUI said the answer was complete")), Outcome.CUT_OFF);
        }
        if (!client.isGone() && ending == null) {
            client.send(translator.finish());
            Optional<ForeignToolCall> refused = translator.refusedToolCall();
            if (refused.isPresent()) {
                ending = endWith(client, foreign.apply(refused.get()), Outcome.COMPLETED);
            }
        }
        if (client.isGone()) {
            return new Result(Outcome.CLIENT_GONE, ending == null ? null : ending.error());
        }
        return ending != null ? ending : new Result(Outcome.COMPLETED, null);
    }

    /** Ends the stream with an Anthropic {@code error} event (never {@code message_stop}); the result is for the log. */
    private static Result endWith(SseChannel client, ApiError error, Outcome outcome) {
        client.send(List.of(StreamTranslator.error(error.type(), error.getMessage())));
        return new Result(outcome, error.getMessage());
    }

    /** Moves to the next upstream line; whatever the HTTP client throws while reading it is the upstream's failure. */
    private static boolean next(SseLines lines) throws IOException {
        try {
            return lines.next();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            throw new IOException("the connection ended in the middle of the answer", e);
        }
    }

    /** The whitespace JSON allows around a value. */
    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
