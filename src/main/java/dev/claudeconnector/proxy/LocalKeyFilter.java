package dev.claudeconnector.proxy;

import dev.claudeconnector.config.Invocation;
import dev.claudeconnector.auth.Credentials;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.nio.file.Path;

/**
 * Every {@code /v1/*} call must present the local key, as {@code x-api-key} (ANTHROPIC_API_KEY)
 * or {@code Authorization: Bearer} (ANTHROPIC_AUTH_TOKEN). The proxy holds the user's Open WebUI
 * session, so nothing else on the machine may use it unasked.
 */
final class LocalKeyFilter implements Filter {
    private static final HeaderName X_API_KEY = HeaderNames.create("x-api-key");
    private static final String BEARER = "bearer ";

    private final Credentials credentials;
    private final Path authFile;

    LocalKeyFilter(Credentials credentials, Path authFile) {
        this.credentials = credentials;
        this.authFile = authFile;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!req.path().path().startsWith("/v1/")) {
            chain.proceed();
            return;
        }
        String presented = req.headers().first(X_API_KEY).orElseGet(() -> req.headers()
                .first(HeaderNames.AUTHORIZATION)
                .filter(v -> v.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(v -> v.substring(BEARER.length()).trim())
                .orElse(null));
        if (!credentials.isLocalKey(presented)) {
            ErrorResponses.send(res, ApiError.authentication((presented == null ? "No API key was sent. " : "The API key is not this proxy's local key. ")
                    + "Set ANTHROPIC_AUTH_TOKEN to CONNECTOR_LOCAL_KEY from " + authFile
                    + " (eval \"$(" + Invocation.of("env") + ")\" does it)."));
            return;
        }
        chain.proceed();
    }
}
