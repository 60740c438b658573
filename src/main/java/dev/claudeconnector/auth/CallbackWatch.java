package dev.claudeconnector.auth;

import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Response;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Notices that Open WebUI's OAuth callback has handed the browser a token: the browser loads an Open WebUI
 * page that the callback redirected to, without an error. By then the callback's {@code Set-Cookie} has been
 * applied (a browser stores a redirect's cookies before following it), so the {@code token} cookie, and the
 * {@code /auth#token=} fragment of Open WebUI up to 0.6.18, belong to this sign-in even when they are
 * byte-identical to a token seen before: Open WebUI before 0.6.40 with {@code JWT_EXPIRES_IN=-1} (the default
 * up to 0.6.30) mints {@code {id}}-only tokens, the same every time ({@code utils/auth.py}, {@code create_token}).
 *
 * <p>The callback is {@code /oauth/<provider>/callback}, and from 0.10 also {@code /oauth/<provider>/login/callback}
 * ({@code main.py}). A failed callback redirects to {@code /auth?error=…}, which is not a hand-over.
 */
final class CallbackWatch {
    private static final System.Logger LOG = System.getLogger(CallbackWatch.class.getName());
    private static final Pattern CALLBACK = Pattern.compile("^/oauth/[^/]+/(login/)?callback/?$");

    private final Predicate<String> onUpstream;
    private boolean handedOver;

    CallbackWatch(Predicate<String> onUpstream) {
        this.onUpstream = onUpstream;
    }

    /** Whether this sign-in's callback has handed over a token (called from the loop, on Playwright's thread). */
    boolean handedOver() {
        return handedOver;
    }

    /** For {@code context.onResponse}: Playwright delivers events on the thread that waits, the sign-in loop's. */
    void seen(Response response) {
        try {
            Request request = response.request();
            String url = response.url();
            if (handedOver || !request.isNavigationRequest() || !onUpstream.test(url) || isCallback(URI.create(url).getPath())
                    || queryParam(URI.create(url).getRawQuery(), "error").isPresent()) {
                return;
            }
            for (Request from = request.redirectedFrom(); from != null; from = from.redirectedFrom()) {
                if (onUpstream.test(from.url()) && isCallback(URI.create(from.url()).getPath())) {
                    handedOver = true;
                    // The path only: the callback's query holds the one-time authorization code.
                    LOG.log(System.Logger.Level.DEBUG, "sign-in: Open WebUI''s callback {0} handed the browser a token",
                            URI.create(from.url()).getPath());
                    return;
                }
            }
        } catch (PlaywrightException | IllegalArgumentException ignored) {
            // a response of a page going away, or an address that is no URI: not the callback's redirect
        }
    }

    static boolean isCallback(String path) {
        return path != null && CALLBACK.matcher(path).matches();
    }

    /** The decoded value of one query parameter ({@code +} and {@code %20} both mean a space, as Open WebUI writes either). */
    static Optional<String> queryParam(String rawQuery, String name) {
        if (rawQuery == null) {
            return Optional.empty();
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith(name + "=")) {
                try {
                    return Optional.of(URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException malformed) {
                    return Optional.of(pair.substring(name.length() + 1));
                }
            }
        }
        return Optional.empty();
    }
}
