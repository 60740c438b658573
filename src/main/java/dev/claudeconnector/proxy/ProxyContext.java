package dev.claudeconnector.proxy;

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
                    OpenWebUi upstream, StreamRelay relay, TokenCounter tokens, ProxyMetrics metrics, RequestLog log,
                    ScheduledExecutorService timer, InFlight inFlight) {

    static ProxyContext create(Settings settings, Credentials credentials, Optional<TokenRefresher> refresher,
                               InFlight inFlight) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sse-ping");
            t.setDaemon(true);
            return t;
        });
        ProxyMetrics metrics = new ProxyMetrics();
        return new ProxyContext(settings, credentials, refresher,
                new ModelCatalog(settings.models(), settings.defaultModel()),
                OpenWebUi.create(settings),
                new StreamRelay(timer, settings.pingInterval()),
                new TokenCounter(), metrics, new RequestLog(metrics), timer, inFlight);
    }

    /** The error a client gets for {@code failure} of a request sent with {@code upstreamModel}. */
    ApiError error(OpenWebUiFailure failure, String upstreamModel) {
        return UpstreamErrors.of(failure, upstreamModel, upstream.baseUrl(), settings.authFile());
    }
}
