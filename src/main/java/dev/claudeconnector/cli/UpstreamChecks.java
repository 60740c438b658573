package dev.claudeconnector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudeconnector.auth.OpenWebUiAccount;
import dev.claudeconnector.config.Settings;
import dev.claudeconnector.config.UpstreamWebClient;

import dev.claudeconnector.proxy.UpstreamFailure;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;

/** The {@code status} checks that ask Open WebUI: is it there, and does it accept our token. */
final class UpstreamChecks {
    static final String REACHABLE = "upstream reachable";
    static final String ACCEPTED = "token accepted by Open WebUI";
    private static final ObjectMapper JSON = new ObjectMapper();

    private UpstreamChecks() {
    }

    /**
     * {@code GET /api/config}: public and cheap on every Open WebUI, so it tells "server there,
     * TLS fine" apart from anything to do with the token. Timeouts are kept short: a status check
     * that hangs for the full upstream timeouts would be worse than none.
     */
    static StatusCheck reachable(Settings settings, Duration timeout) {
        URI url = settings.upstream();
        WebClient client;
        try {
            client = UpstreamWebClient.builder(settings, min(settings.connectTimeout(), timeout),
                    min(settings.readTimeout(), timeout)).build();
        } catch (IllegalArgumentException badCaFile) {
            return StatusCheck.fail(REACHABLE, true, url + " (" + badCaFile.getMessage() + ")",
                    "point upstream.tls.ca-file at a PEM file with your organisation's CA certificate(s)");
        }
        try (HttpClientResponse res = client.get("/api/config").header(HeaderNames.ACCEPT, "application/json").request()) {
            int status = res.status().code();
            String detail = url + " (HTTP " + status + ", " + tls(settings) + serverName(res) + ")";
            if (status < 400) {
                return StatusCheck.pass(REACHABLE, true, detail);
            }
            return StatusCheck.fail(REACHABLE, true, detail, status >= 500
                    ? "Open WebUI is up but failing: try again later, or tell its administrators"
                    : "is this the Open WebUI base URL? Check upstream.url, WEBUI_URL or --upstream");
        } catch (RuntimeException e) {
            Trouble t = explain(e, url, timeout);
            return StatusCheck.fail(REACHABLE, true, t.detail(), t.advice());
        }
    }

    /** {@code GET /api/v1/auths/} with the token, the way Open WebUI's own page asks who is signed in. */
    static StatusCheck accepted(Settings settings, String token, Duration timeout, boolean profilePresent) {
        try {
            OpenWebUiAccount.Check check = new OpenWebUiAccount(settings).check(token);
            if (check.accepted()) {
                return StatusCheck.pass(ACCEPTED, true, "signed in as " + check.user().orElseThrow().display());
            }
            int status = check.status();
            String reason = check.detail().isBlank() ? "HTTP " + status
                    : check.detail().contains(String.valueOf(status)) ? check.detail()
                    : "HTTP " + status + ": " + check.detail();
            if (status == 401 || status == 403) {
                // With a profile the SSO session may still be alive, and a headless renewal is cheaper than a sign-in.
                String advice = profilePresent
                        ? "run 'java -jar target/agent.jar refresh' to renew it with your browser profile"
                        + " ('java -jar target/agent.jar login' if your SSO session has ended)"
                        : "run 'java -jar target/agent.jar login' (or put a fresh token in " + settings.authFile()
                        + " as WEBUI_SESSION_TOKEN)";
                return StatusCheck.fail(ACCEPTED, true, "rejected (" + reason + ")", advice);
            }
            return StatusCheck.fail(ACCEPTED, true, "Open WebUI could not say (" + reason + ")",
                    "try again; if it persists, check that " + settings.upstream() + " is Open WebUI");
        } catch (RuntimeException e) {
            Trouble t = explain(e, settings.upstream(), timeout);
            return StatusCheck.fail(ACCEPTED, true, "could not ask Open WebUI: " + t.detail(), t.advice());
        }
    }

    private static String tls(Settings settings) {
        if (!"https".equals(settings.upstream().getScheme())) {
            return "no TLS";
        }
        return settings.tlsInsecure() ? "TLS not verified: upstream.tls.insecure" : "TLS ok";
    }

    /** ", Open WebUI 0.6.5" from /api/config's {@code name} and {@code version}, when it says so. */
    private static String serverName(HttpClientResponse res) {
        try (InputStream in = res.inputStream()) {
            JsonNode config = JSON.readTree(in.readNBytes(64 * 1024));
            if (config != null && config.path("name").isTextual() && config.path("version").isTextual()) {
                String text = config.get("name").asText() + " " + config.get("version").asText();
                return ", " + (text.length() > 80 ? text.substring(0, 80) + "…" : text);
            }
        } catch (Exception notJson) {
            // a reverse proxy's page, or nothing: the status code says enough
        }
        return "";
    }

    record Trouble(String detail, String advice) {
    }

    /** What went wrong on the way to Open WebUI, in words a user can act on. */
    static Trouble explain(Throwable failure, URI url, Duration timeout) {
        UpstreamFailure why = UpstreamFailure.of(failure);
        return switch (why.kind()) {
            // PKIX's own words ("unable to find valid certification path…") mean nothing to most users.
            case TLS -> new Trouble(url + " (TLS handshake failed: " + (why.reason().contains("PKIX")
                    ? "the server's certificate is not trusted" : why.reason()) + ")",
                    "trust the server's CA with upstream.tls.ca-file: /path/ca.pem in your config, or, for an"
                            + " internal server you trust, set upstream.tls.insecure: true");
            case UNKNOWN_HOST -> new Trouble("cannot reach " + url + " (unknown host " + url.getHost() + ")", networkAdvice());
            case CONNECT -> new Trouble("cannot connect to " + url + " (" + why.reason() + ")", networkAdvice());
            case TIMEOUT -> new Trouble("no answer from " + url + " within " + timeout.toSeconds() + " s", networkAdvice());
            case OTHER -> new Trouble("cannot reach " + url + " (" + why.reason() + ")", networkAdvice());
        };
    }

    private static String networkAdvice() {
        return "check the URL (upstream.url, WEBUI_URL or --upstream), your network and VPN";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
