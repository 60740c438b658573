package dev.claudeconnector.proxy;

import dev.claudeconnector.auth.SignInAdvice;
import dev.claudeconnector.config.Invocation;
import dev.claudeconnector.openwebui.OpenWebUiFailure;
import dev.claudeconnector.openwebui.OpenWebUiFailure.ContextTooLong;
import dev.claudeconnector.openwebui.OpenWebUiFailure.ModelNotFound;
import dev.claudeconnector.openwebui.OpenWebUiFailure.NoPermission;
import dev.claudeconnector.openwebui.OpenWebUiFailure.NotOpenWebUi;
import dev.claudeconnector.openwebui.OpenWebUiFailure.Overloaded;
import dev.claudeconnector.openwebui.OpenWebUiFailure.RateLimited;
import dev.claudeconnector.openwebui.OpenWebUiFailure.Rejected;
import dev.claudeconnector.openwebui.OpenWebUiFailure.ServerError;
import dev.claudeconnector.openwebui.OpenWebUiFailure.TokenRejected;
import dev.claudeconnector.openwebui.OpenWebUiFailure.TooLarge;
import dev.claudeconnector.openwebui.OpenWebUiFailure.Unreachable;
import dev.claudeconnector.translate.ForeignToolCall;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * What Open WebUI (or the network) did wrong, as the Anthropic error Claude Code acts on: it
 * retries 429, 529 and 5xx, compacts on a context-overflow 400, and stops on other 4xx. One
 * {@code switch} over {@link OpenWebUiFailure}; the upstream's own words are quoted, shortened.
 */
final class UpstreamErrors {
    private UpstreamErrors() {
    }

    /**
     * @param upstreamModel the model id the request was sent with
     * @param baseUrl       Open WebUI's address, for network advice
     * @param authFile      where the token lives, for sign-in advice
     */
    static ApiError of(OpenWebUiFailure failure, String upstreamModel, URI baseUrl, Path authFile) {
        String quoted = failure.detail().isEmpty() ? "" : " (Open WebUI said: " + failure.detail() + ")";
        return switch (failure) {
            case Unreachable u -> switch (u.reason()) {
                case TLS -> new ApiError(502, "api_error", "TLS handshake with " + baseUrl + " failed (" + u.detail()
                        + "). Trust the server's CA with upstream.tls.ca-file in config/agent.yaml, or, for an"
                        + " internal server you trust, set upstream.tls.insecure: true.");
                case UNKNOWN_HOST, CONNECT -> new ApiError(502, "api_error", "Cannot reach Open WebUI at " + baseUrl
                        + " (" + u.detail() + "). Check the URL (upstream.url, WEBUI_URL or --upstream), your network and VPN.");
                case TIMEOUT -> new ApiError(504, "api_error", "Open WebUI at " + baseUrl + " sent nothing for too long"
                        + " (it did not start or broke off the answer). Try again; raise upstream.read-timeout if this persists.");
                case BROKEN -> new ApiError(502, "api_error", "Open WebUI at " + baseUrl + " broke off the answer ("
                        + u.detail() + "). Try again.");
            };
            case TokenRejected t -> ApiError.authentication("Open WebUI did not accept the session token" + quoted + ". "
                    + SignInAdvice.signIn(authFile));
            case NoPermission p -> new ApiError(403, "permission_error", "Open WebUI accepts your sign-in, but your"
                    + " account may not use this" + quoted + ". Ask an Open WebUI administrator to activate your account"
                    + " (a new account stays 'pending' until approved) or to give it access to this model;"
                    + " signing in again cannot change it.");
            case ModelNotFound m -> new ApiError(404, "not_found_error", "Open WebUI does not offer the model '"
                    + upstreamModel + "'" + quoted + ". Compare the catalog with what it offers: '"
                    + Invocation.of("models") + "', then fix upstream-id in config/agent.yaml.");
            case RateLimited r -> new ApiError(429, "rate_limit_error", "Open WebUI or its model provider is"
                    + " rate-limiting requests" + quoted + ". Wait a moment and try again.",
                    r.retryAfter().map(v -> Map.of("retry-after", v)).orElse(Map.of()));
            case Overloaded o -> new ApiError(529, "overloaded_error", "Open WebUI or its model is overloaded"
                    + httpStatus(o.status()) + quoted + ". Try again shortly.");
            case ServerError s -> s.status() == 200
                    ? ApiError.api("Open WebUI's model failed while answering" + quoted
                    + ". Try again, or pick another model.")
                    : new ApiError(502, "api_error", "Open WebUI failed" + (s.status() >= 500
                    ? " with HTTP " + s.status() : " to reach its model provider") + quoted + ". Try again.");
            // Claude Code compacts the conversation on these words, so they go first and unchanged.
            case ContextTooLong c -> ApiError.invalidRequest(c.detail() + " (Open WebUI: the conversation is longer"
                    + " than the model's context window; /compact shortens it.)");
            case TooLarge t -> new ApiError(413, "request_too_large", "The request is too large for Open WebUI"
                    + quoted + ". Shorten the conversation (/compact or /clear in Claude Code).");
            case Rejected r -> ApiError.invalidRequest("Open WebUI rejected the request" + quoted + ".");
            case NotOpenWebUi n -> new ApiError(502, "api_error", "What answers at " + baseUrl + " is not Open WebUI's"
                    + " API (" + n.detail() + "). Check the upstream URL (upstream.url, WEBUI_URL or --upstream) points at"
                    + " Open WebUI itself.");
        };
    }

    /** The model called a tool the client did not offer (see {@link ForeignToolCall}). */
    static ApiError of(ForeignToolCall call, String upstreamModel) {
        return ApiError.api(call.toolsOffered()
                ? "Open WebUI replaced Claude Code's tools with its own: the model called '" + call.name()
                + "', which Claude Code did not offer. The model '" + upstreamModel + "' uses native function calling"
                + " with Open WebUI's built-in tools (Open WebUI 0.7.0 to 0.8.3 do this). An administrator can set its"
                + " Function Calling to Default, turn off its built-in tools, or upgrade Open WebUI to 0.8.4 or later."
                : "The model answered only with a call to '" + call.name() + "', one of Open WebUI's own tools that"
                + " Claude Code did not offer. An administrator can turn off the built-in tools of '" + upstreamModel
                + "' (Open WebUI 0.8.4 to 0.9.6 add them to requests without tools). Try again.");
    }

    private static String httpStatus(int status) {
        return status == 0 || status == 200 ? "" : " (HTTP " + status + ")";
    }
}
