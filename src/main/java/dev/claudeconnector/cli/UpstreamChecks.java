package dev.claudeconnector.cli;

import dev.claudeconnector.auth.SignInAdvice;
import dev.claudeconnector.config.Invocation;
import dev.claudeconnector.config.Settings;
import dev.claudeconnector.openwebui.Account;
import dev.claudeconnector.openwebui.OpenWebUi;
import dev.claudeconnector.openwebui.OpenWebUiException;
import dev.claudeconnector.openwebui.OpenWebUiFailure;
import dev.claudeconnector.openwebui.ServerInfo;

import java.net.URI;
import java.time.Duration;

/** The {@code status} checks that ask Open WebUI: is it there, and does it accept our token. */
final class UpstreamChecks {
    static final String REACHABLE = "upstream reachable";
    static final String ACCEPTED = "token accepted by Open WebUI";
    private static final String PENDING_ADVICE = "ask an Open WebUI administrator to activate your account;"
            + " signing in again cannot change it";
    private static final String FAILING = "Open WebUI is up but failing: try again later, or tell its administrators";

    private UpstreamChecks() {
    }

    /**
     * {@code GET /api/config}: public and cheap on every Open WebUI, so it tells "server there,
     * TLS fine" apart from anything to do with the token.
     */
    static StatusCheck reachable(Settings settings, Duration timeout) {
        URI url = settings.upstream();
        OpenWebUi client;
        try {
            // Short waits: a status check that hangs for the full upstream timeouts would be worse than none.
            client = OpenWebUi.forProbes(settings, timeout);
        } catch (IllegalArgumentException badCaFile) {
            return StatusCheck.fail(REACHABLE, true, url + " (" + badCaFile.getMessage() + ")",
                    "point upstream.tls.ca-file at a PEM file with your organisation's CA certificate(s)");
        }
        try {
            ServerInfo info = client.config();
            String name = info.describe();
            return StatusCheck.pass(REACHABLE, true, url + " (HTTP 200, " + tls(settings) + (name.isEmpty() ? "" : ", " + name) + ")");
        } catch (OpenWebUiException e) {
            OpenWebUiFailure f = e.failure();
            String detail = url + " (HTTP " + f.status() + ", " + tls(settings) + ")";
            return switch (f) {
                case OpenWebUiFailure.Unreachable u -> unreachable(u, url, timeout, "");
                case OpenWebUiFailure.ServerError s -> StatusCheck.fail(REACHABLE, true, detail, FAILING);
                case OpenWebUiFailure.Overloaded o -> StatusCheck.fail(REACHABLE, true, detail, FAILING);
                // /api/config answers everyone on every Open WebUI: anything else is not its API.
                default -> StatusCheck.fail(REACHABLE, true, url + " (HTTP " + f.status() + ", " + tls(settings) + ": "
                        + f.detail() + ")", "is this the Open WebUI base URL? Check upstream.url, WEBUI_URL or --upstream");
            };
        }
    }

    /** {@code GET /api/v1/auths/} with the token, the way Open WebUI's own page asks who is signed in. */
    static StatusCheck accepted(Settings settings, String token, Duration timeout, boolean profilePresent) {
        try {
            Account user = OpenWebUi.forProbes(settings, timeout).account(token);
            if (user.pending()) {
                return StatusCheck.fail(ACCEPTED, true, "signed in as " + user.display() + ", but the account is pending",
                        PENDING_ADVICE);
            }
            return StatusCheck.pass(ACCEPTED, true, "signed in as " + user.display());
        } catch (OpenWebUiException e) {
            OpenWebUiFailure f = e.failure();
            String reason = f.detail().isBlank() ? "HTTP " + f.status()
                    : f.detail().contains(String.valueOf(f.status())) ? f.detail() : "HTTP " + f.status() + ": " + f.detail();
            return switch (f) {
                // With a profile the SSO session may still be alive, and a headless renewal is cheaper than a sign-in.
                case OpenWebUiFailure.TokenRejected t -> StatusCheck.fail(ACCEPTED, true, "rejected (" + reason + ")",
                        profilePresent ? "run '" + Invocation.of("refresh") + "' to renew it with your browser profile; if your SSO session has ended: "
                                + SignInAdvice.signIn(settings.authFile())
                                : SignInAdvice.signIn(settings.authFile()));
                case OpenWebUiFailure.NoPermission p -> StatusCheck.fail(ACCEPTED, true, "rejected (" + reason + ")",
                        PENDING_ADVICE);
                case OpenWebUiFailure.Unreachable u -> unreachable(u, settings.upstream(), timeout, "could not ask Open WebUI: ");
                default -> StatusCheck.fail(ACCEPTED, true, "Open WebUI could not say (" + reason + ")",
                        "try again; if it persists, check that " + settings.upstream() + " is Open WebUI");
            };
        }
    }

    /** What went wrong on the way to Open WebUI, in words a user can act on. */
    private static StatusCheck unreachable(OpenWebUiFailure.Unreachable why, URI url, Duration timeout, String prefix) {
        String name = prefix.isEmpty() ? REACHABLE : ACCEPTED;
        String network = "check the URL (upstream.url, WEBUI_URL or --upstream), your network and VPN";
        return switch (why.reason()) {
            // PKIX's own words ("unable to find valid certification path…") mean nothing to most users.
            case TLS -> StatusCheck.fail(name, true, prefix + url + " (TLS handshake failed: " + (why.detail().contains("PKIX")
                    ? "the server's certificate is not trusted" : why.detail()) + ")",
                    "trust the server's CA with upstream.tls.ca-file: /path/ca.pem in your config, or, for an"
                            + " internal server you trust, set upstream.tls.insecure: true");
            case UNKNOWN_HOST -> StatusCheck.fail(name, true, prefix + "cannot reach " + url + " (unknown host "
                    + url.getHost() + ")", network);
            case CONNECT -> StatusCheck.fail(name, true, prefix + "cannot connect to " + url + " (" + why.detail() + ")", network);
            case TIMEOUT -> StatusCheck.fail(name, true, prefix + "no answer from " + url + " within "
                    + timeout.toSeconds() + " s", network);
            case BROKEN -> StatusCheck.fail(name, true, prefix + "cannot reach " + url + " (" + why.detail() + ")", network);
        };
    }

    private static String tls(Settings settings) {
        if (!"https".equals(settings.upstream().getScheme())) {
            return "no TLS";
        }
        return settings.tlsInsecure() ? "TLS not verified: upstream.tls.insecure" : "TLS ok";
    }
}
