package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudeconnector.config.Settings;
import dev.claudeconnector.config.UpstreamWebClient;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one way to call Open WebUI's {@code POST /api/chat/completions}. Connections are pooled by
 * the WebClient; the body is serialised once, straight to bytes.
 */
final class UpstreamClient {
    static final String COMPLETIONS = "/api/chat/completions";
    private static final int ERROR_BODY_LIMIT = 64 * 1024;

    private final WebClient client;
    private final ObjectMapper json;
    private final String baseUrl;

    UpstreamClient(Settings settings, ObjectMapper json) {
        this.json = json;
        this.baseUrl = settings.upstream().toString();
        this.client = UpstreamWebClient.builder(settings, settings.connectTimeout(), settings.readTimeout())
                .followRedirects(false)
                .build();
    }

    String baseUrl() {
        return baseUrl;
    }

    /** Sends the request; the caller owns (and must close) the response. Network failures become {@link ApiError}. */
    HttpClientResponse send(ObjectNode body, String token, boolean stream) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw ApiError.api("could not serialise the upstream request: " + e.getMessage());
        }
        try {
            return client.post(COMPLETIONS)
                    .header(HeaderNames.AUTHORIZATION, "Bearer " + token)
                    .header(HeaderValues.CONTENT_TYPE_JSON)
                    .header(HeaderNames.ACCEPT, stream ? "text/event-stream" : "application/json")
                    .submit(bytes);
        } catch (RuntimeException e) {
            throw UpstreamErrors.fromFailure(e, baseUrl);
        }
    }

    /** The start of an error body, for the message; never the whole of a huge page. */
    static String readErrorBody(HttpClientResponse response) {
        try (InputStream in = response.inputStream()) {
            return new String(in.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
