package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudeconnector.config.Settings;
import dev.claudeconnector.config.UpstreamWebClient;

import dev.claudeconnector.models.OfferedModel;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Open WebUI's model list, {@code GET /api/models}: the ids its chat completions accept. It answers
 * {@code {"data":[{"id":…,"name":…},…]}}; a bare array is taken as the list too.
 */
public final class UpstreamModels {
    static final String PATH = "/api/models";
    /** Listing models is quick; the long read timeout is for model answers and would only make a dead server look like a hang. */
    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(60);
    private static final int BODY_LIMIT = 16 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebClient client;
    private final String baseUrl;
    private final String authFile;

    /** Why the list could not be had, in words that say what to do. */
    public static final class Unavailable extends RuntimeException {
        private final boolean tokenRejected;

        Unavailable(String message, boolean tokenRejected) {
            super(message, null, false, false);
            this.tokenRejected = tokenRejected;
        }

        /** Open WebUI refused the token: asking again only helps with another token. */
        public boolean tokenRejected() {
            return tokenRejected;
        }
    }

    public UpstreamModels(Settings settings) {
        this.baseUrl = settings.upstream().toString();
        this.authFile = settings.authFile().toString();
        Duration read = settings.readTimeout().compareTo(LIST_TIMEOUT) < 0 ? settings.readTimeout() : LIST_TIMEOUT;
        this.client = UpstreamWebClient.builder(settings, settings.connectTimeout(), read)
                .followRedirects(false)
                .build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The offered models, in Open WebUI's order. */
    public List<OfferedModel> fetch(String token) {
        byte[] body;
        int status;
        try (HttpClientResponse res = client.get(PATH)
                .header(HeaderNames.AUTHORIZATION, "Bearer " + token)
                .header(HeaderNames.ACCEPT, "application/json")
                .request()) {
            status = res.status().code();
            try (InputStream in = res.inputStream()) {
                body = in.readNBytes(BODY_LIMIT);
            }
        } catch (IOException | RuntimeException e) {
            throw new Unavailable(UpstreamErrors.fromFailure(e, baseUrl).getMessage(), false);
        }
        if (status == 401 || status == 403) {
            throw new Unavailable("Open WebUI at " + baseUrl + " did not accept the session token (HTTP " + status
                    + "). " + UpstreamErrors.loginAdvice(authFile), true);
        }
        if (status < 200 || status > 299) {
            String detail = UpstreamErrors.detail(new String(body, StandardCharsets.UTF_8));
            throw new Unavailable("Open WebUI at " + baseUrl + " answered HTTP " + status + " to GET " + PATH
                    + (detail.isEmpty() ? "" : " (" + detail + ")") + ". Check that the URL points at Open WebUI itself.",
                    false);
        }
        return parse(body);
    }

    private List<OfferedModel> parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        JsonNode list = root == null ? null : root.isArray() ? root : root.get("data");
        if (list == null || !list.isArray()) {
            throw new Unavailable("Open WebUI at " + baseUrl + " answered GET " + PATH + " with something that is not"
                    + " a model list (JSON with \"data\"). Check that the URL points at Open WebUI itself.", false);
        }
        List<OfferedModel> models = new ArrayList<>();
        for (JsonNode entry : list) {
            String id = entry.path("id").asText("");
            if (!id.isBlank()) {
                // Workspace models (presets) say "preset": true and/or name the model they wrap.
                JsonNode base = entry.path("info").path("base_model_id");
                models.add(new OfferedModel(id, entry.path("name").asText(""), entry.path("preset").asBoolean(false),
                        Optional.ofNullable(base.isTextual() ? base.textValue() : null)));
            }
        }
        return models;
    }
}
