package dev.claudeconnector.config;

import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.api.WebClientConfig;

import java.time.Duration;

/**
 * The one recipe for talking to Open WebUI: its base URL, the upstream-only TLS of
 * {@link UpstreamTls}, and sockets tuned for small request/answer exchanges. Callers add what is
 * theirs (redirect policy) and build.
 */
public final class UpstreamWebClient {
    private UpstreamWebClient() {
    }

    /**
     * @throws IllegalArgumentException when {@code upstream.tls.ca-file} cannot be used
     */
    public static WebClientConfig.Builder builder(Settings settings, Duration connectTimeout, Duration readTimeout) {
        return WebClient.builder()
                .baseUri(settings.upstream())
                // Headers and body leave in separate writes: with Nagle's algorithm on, the body waits
                // for the server's delayed ACK (~40 ms per call on Linux). No Expect: 100-continue
                // round trip either; Open WebUI reads the body anyway.
                .socketOptions(s -> s.tcpNoDelay(true).connectTimeout(connectTimeout).readTimeout(readTimeout))
                .sendExpectContinue(false)
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .tls(UpstreamTls.create(settings));
    }
}
