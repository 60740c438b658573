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
import java.util.Optional;

/**
 * Every {@code /v1/*} call must present the local key, as {@code x-api-key} (ANTHROPIC_API_KEY)
 * or {@code Authorization: Bearer} (ANTHROPIC_AUTH_TOKEN). The proxy holds the user's Open WebUI
 * session, so nothing else on the machine may use it unasked. Every refusal is logged (method, path,
 * which header came) and counted as an error, without the key.
 */
final class LocalKeyFilter implements Filter {
    private static final HeaderName X_API_KEY = HeaderNames.create("x-api-key");
    private static final String BEARER = "bearer ";

    private final Credentials credentials;
    private final Path authFile;
    private final RequestLog log;

    LocalKeyFilter(Credentials credentials, Path authFile, RequestLog log) {
        this.credentials = credentials;
        this.authFile = authFile;
        this.log = log;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!req.path().path().startsWith("/v1/")) {
            chain.proceed();
            return;
        }
        long started = System.nanoTime();
        Optional<String> apiKey = req.headers().first(X_API_KEY);
        Optional<String> authorization = req.headers().first(HeaderNames.AUTHORIZATION);
        String presented = apiKey.orElseGet(() -> authorization
                .filter(v -> v.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(v -> v.substring(BEARER.length()).trim())
                .orElse(null));
        if (!credentials.isLocalKey(presented)) {
            ApiError error = ApiError.authentication((presented == null ? "No API key was sent. " : "The API key is not this proxy's local key. ")
                    + "Set ANTHROPIC_AUTH_TOKEN to CONNECTOR_LOCAL_KEY from " + authFile
                    + " (eval \"$(" + Invocation.of("env") + ")\" does it).");
            log.rejected(req.prologue().method().text(), req.path().path(), how(apiKey, authorization, presented),
                    error.status(), error.type(), started);
            ErrorResponses.send(res, error);
            return;
        }
        chain.proceed();
    }

    /** Which header carried what, for the log: never the key itself. */
    private static String how(Optional<String> apiKey, Optional<String> authorization, String presented) {
        if (apiKey.isPresent()) {
            return "x-api-key: not the local key";
        }
        if (presented != null) {
            return "Authorization: Bearer: not the local key";
        }
        return authorization.isPresent() ? "Authorization without Bearer: no key" : "no x-api-key or Authorization header";
    }
}
