package dev.claudeconnector.proxy;

import dev.claudeconnector.json.JsonTrees;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/** Writes an {@link ApiError} as Anthropic's JSON error. The one place errors become responses. */
final class ErrorResponses {
    private ErrorResponses() {
    }

    static void send(ServerResponse res, ApiError error) {
        if (res.isSent()) {
            return;
        }
        res.status(Status.create(error.status()));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        error.headers().forEach((name, value) -> res.header(HeaderNames.create(name), value));
        res.send(JsonTrees.bytes(error.body()));
    }
}
