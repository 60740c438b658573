package dev.claudeconnector.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudeconnector.auth.Credentials;
import dev.claudeconnector.auth.TokenRefresher;
import dev.claudeconnector.config.Settings;
import dev.claudeconnector.models.ModelCatalog;
import dev.claudeconnector.openwebui.OpenWebUi;
import dev.claudeconnector.openwebui.OpenWebUiFailure;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** What the routes share: built once per server. */
record ProxyContext(Settings settings, Credentials credentials, Optional<TokenRefresher> refresher, ModelCatalog catalog,
                    OpenWebUi upstream, ObjectMapper json, StreamRelay relay, TokenCounter tokens, RequestLog log,
                    ScheduledExecutorService timer, InFlight inFlight) {

    static ProxyContext create(Settings settings, Credentials credentials, Optional<TokenRefresher> refresher,
                               InFlight inFlight) {
        ObjectMapper json = new ObjectMapper();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sse-ping");
            t.setDaemon(true);
            return t;
        });
        return new ProxyContext(settings, credentials, refresher,
                new ModelCatalog(settings.models(), settings.defaultModel()),
                OpenWebUi.create(settings, ConnectionRecycler.JVM), json,
                new StreamRelay(json, timer, settings.pingInterval()),
                new TokenCounter(), new RequestLog(), timer, inFlight);
    }

    /** The error a client gets for {@code failure} of a request sent with {@code upstreamModel}. */
    ApiError error(OpenWebUiFailure failure, String upstreamModel) {
        return UpstreamErrors.of(failure, upstreamModel, upstream.baseUrl(), settings.authFile());
    }

    byte[] jsonBytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
