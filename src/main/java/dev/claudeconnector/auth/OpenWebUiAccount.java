package dev.claudeconnector.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudeconnector.config.Settings;
import dev.claudeconnector.config.UpstreamWebClient;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The cheap "is this token good?" question, asked the way Open WebUI's own front end does:
 * {@code GET /api/v1/auths/} with the token as Bearer answers the signed-in user.
 */
public final class OpenWebUiAccount {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebClient client;

    public OpenWebUiAccount(Settings settings) {
        this.client = UpstreamWebClient.builder(settings, settings.connectTimeout(), Duration.ofSeconds(30)).build();
    }

    /** Who a token belongs to. {@code expiresAt} is epoch seconds, empty when the token never expires. */
    public record User(String name, String email, Optional<Long> expiresAt) {
        public String display() {
            return name + " <" + email + ">";
        }
    }

    /** Outcome of a check: the user, or the HTTP status and Open WebUI's reason for refusing. */
    public record Check(Optional<User> user, int status, String detail) {
        public boolean accepted() {
            return user.isPresent();
        }
    }

    /** Asks Open WebUI about the token; network and TLS failures propagate as exceptions. */
    public Check check(String token) {
        try (HttpClientResponse res = client.get("/api/v1/auths/")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + token)
                .header(HeaderNames.ACCEPT, "application/json")
                .request()) {
            int status = res.status().code();
            JsonNode body = readJson(res);
            if (status == 200 && body.isObject()) {
                JsonNode exp = body.path("expires_at");
                return new Check(Optional.of(new User(body.path("name").asText(""), body.path("email").asText(""),
                        exp.isNumber() ? Optional.of(exp.asLong()) : Optional.empty())), status, "");
            }
            return new Check(Optional.empty(), status, body.path("detail").asText(""));
        }
    }

    private static JsonNode readJson(HttpClientResponse res) {
        try (InputStream in = res.inputStream()) {
            byte[] bytes = in.readNBytes(256 * 1024);
            return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        } catch (IOException | RuntimeException notJson) {
            return JSON.valueToTree(Map.of());
        }
    }
}
