package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;

/** Writes an {@link ApiError} as Anthropic's JSON error. The one place errors become responses. */
final class ErrorResponses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorResponses() {
    }

    static void send(ServerResponse res, ApiError error) {
        if (res.isSent()) {
            return;
        }
        res.status(Status.create(error.status()));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        error.headers().forEach((name, value) -> res.header(HeaderNames.create(name), value));
        try {
            res.send(JSON.writeValueAsBytes(error.body()));
        } catch (IOException e) {
            throw new IllegalStateException("an error body always serialises", e);
        }
    }
}
