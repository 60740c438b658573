package dev.claudeconnector.openwebui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.claudeconnector.json.JsonTrees;
import io.helidon.webclient.api.HttpClientResponse;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

/**
 * A 2xx answer of {@code /api/chat/completions}, still open: an SSE stream to read line by line,
 * or one JSON body. Closing it early aborts the call (the connection is torn down).
 */
public final class ChatAnswer implements AutoCloseable {
    private final HttpClientResponse response;
    private final ReadDeadlines.Deadline deadline;

    /** @param deadline the call's read timeout, ended when this answer is closed */
    ChatAnswer(HttpClientResponse response, ReadDeadlines.Deadline deadline) {
        this.response = response;
        this.deadline = deadline;
    }

    /** Whether Open WebUI streams; it may answer a stream request with plain JSON (errors, forced non-streaming). */
    public boolean isEventStream() {
        return response.headers().contentType()
                .map(t -> t.mediaType().text().toLowerCase(Locale.ROOT).startsWith("text/event-stream"))
                .orElse(false);
    }

    /** The SSE body's lines. Errors inside it are the reader's to find ({@link FailureReading#inAnswer} per chunk). */
    public SseLines lines() {
        return new SseLines(body());
    }

    /** The body as it arrives, under the call's read timeout, in reads Helidon can serve without waste. */
    private InputStream body() {
        return deadline.watched(new SmallReads(response.inputStream()));
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
            throw new OpenWebUiException(new OpenWebUiFailure.NotOpenWebUi(response.status().code(), "the answer is not JSON"));
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

    /**
     * Reads of at most {@value #READ} bytes. Helidon's client gives every read of a body a new buffer
     * of the size asked for, however little has arrived ({@code readBytes} in its
     * {@code Http1ClientResponseImpl}): a reader asking for 8 KB per SSE chunk of 200 bytes made 40 %
     * of what a streamed answer allocated. Fewer bytes per read cost no system call: the client reads
     * the socket in its own buffer either way.
     */
    private static final class SmallReads extends FilterInputStream {
        static final int READ = 512;

        SmallReads(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, READ));
        }
    }

    /** Ends the call; an answer that already broke off closes without another failure. */
    @Override
    public void close() {
        deadline.close();
        try {
            response.close();
        } catch (RuntimeException alreadyBroken) {
            // the connection is gone either way; the failure was (or will be) reported from reading
        }
    }
}
