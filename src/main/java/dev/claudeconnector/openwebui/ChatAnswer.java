package dev.claudeconnector.openwebui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.claudeconnector.json.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

/**
 * A 2xx answer of {@code /api/chat/completions}, still open: an SSE stream to read line by line,
 * or one JSON body. Closing it early aborts the call (the connection is torn down).
 */
public final class ChatAnswer implements AutoCloseable {
    private final Exchange exchange;
    private final ReadDeadlines.Deadline deadline;

    /** @param deadline the call's read timeout, ended when this answer is closed */
    ChatAnswer(Exchange exchange, ReadDeadlines.Deadline deadline) {
        this.exchange = exchange;
        this.deadline = deadline;
    }

    /** Whether Open WebUI streams; it may answer a stream request with plain JSON (errors, forced non-streaming). */
    public boolean isEventStream() {
        return exchange.header("Content-Type")
                .map(t -> t.strip().toLowerCase(Locale.ROOT).startsWith("text/event-stream"))
                .orElse(false);
    }

    /** The SSE body's lines. Errors inside it are the reader's to find ({@link FailureReading#inAnswer} per chunk). */
    public SseLines lines() {
        return new SseLines(body());
    }

    /** The body as it arrives, under the call's read timeout. */
    private InputStream body() {
        return deadline.watched(exchange.body());
    }

    /**
     * The whole body as a chat completion.
     *
     * @throws OpenWebUiException when it is not JSON, is {@code null} or carries an error, or the
     *                            connection broke while reading it
     */
    public JsonNode completion() {
        JsonNode answer;
        boolean json = true;
        exchange.readToEndOnClose(); // the parser stops at the last token, and the connection is kept
        try (InputStream in = body()) {
            try {
                answer = JsonTrees.read(in); // straight from the connection: no copy of the body first
            } catch (JsonProcessingException notJson) {
                // Read on: a body that broke off is that first, whatever it held.
                in.transferTo(OutputStream.nullOutputStream());
                json = false;
                answer = null;
            }
        } catch (IOException | RuntimeException e) {
            throw new OpenWebUiException(FailureReading.ofException(e));
        }
        if (!json) {
            throw new OpenWebUiException(new OpenWebUiFailure.NotOpenWebUi(exchange.status(), "the answer is not JSON"));
        }
        if (answer != null && answer.isMissingNode()) {
            answer = null; // an empty body
        }
        JsonNode checked = answer;
        FailureReading.inAnswer(checked).ifPresent(f -> {
            throw new OpenWebUiException(f);
        });
        return checked;
    }

    /** Ends the call; an answer that already broke off closes without another failure. */
    @Override
    public void close() {
        deadline.close();
        exchange.close(); // an answer that broke off: the connection is gone either way, the failure reported from reading
    }
}
