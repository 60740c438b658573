package dev.claudeconnector.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.WaitUntilState;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Drives one Open WebUI sign-in in a browser context and waits for a token it has not seen before.
 * Open WebUI keeps the JWT in the {@code token} cookie (read with the context's cookies, which
 * include HttpOnly ones) and in {@code localStorage.token} (the fallback). SSO starts at
 * {@code /oauth/<provider>/login}; the IdP sends the browser back to Open WebUI's callback, which
 * sets a fresh token. Tokens already in the profile's cookie jar are stale by definition: a
 * renewal must never hand back the token that was just rejected.
 *
 * <p>Open WebUI 0.6.27 and later set an HttpOnly {@code oauth_session_id} cookie in the same callback
 * response (its {@code utils/oauth.py}); it is taken with the token when this sign-in set it, that is
 * when its value differs from the one the cookie jar held before the sign-in started.
 */
final class SsoSignIn {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(250);

    /** {@code INTERACTIVE}: a person is at the window. {@code SILENT}: nobody is; a login form means failure. */
    enum Mode { INTERACTIVE, SILENT }

    /** The new token, whose it is, and the {@code oauth_session_id} cookie the same sign-in set (none before 0.6.27). */
    record Outcome(String token, OpenWebUiAccount.User user, Optional<String> oauthSessionId) {
    }

    static final String OAUTH_SESSION_COOKIE = "oauth_session_id";

    private final URI upstream;
    private final Optional<String> configuredProvider;
    private final OpenWebUiAccount account;
    private final Clock clock;

    SsoSignIn(URI upstream, Optional<String> configuredProvider, OpenWebUiAccount account, Clock clock) {
        this.upstream = upstream;
        this.configuredProvider = configuredProvider;
        this.account = account;
        this.clock = clock;
    }

    Outcome run(BrowserContext context, Set<String> knownTokens, Mode mode, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        Set<String> stale = new HashSet<>(knownTokens);
        tokenCookie(context).ifPresent(stale::add);
        Optional<String> sessionBefore = cookie(context, OAUTH_SESSION_COOKIE);
        Page page = context.pages().isEmpty() ? context.newPage() : context.pages().getFirst();
        boolean[] closed = {false};
        context.onClose(c -> closed[0] = true);

        String start = startUrl(context, mode);
        try {
            page.navigate(start, new Page.NavigateOptions().setWaitUntil(WaitUntilState.COMMIT)
                    .setTimeout(Math.max(1000, timeout.toMillis())));
        } catch (PlaywrightException e) {
            throw new SignInException("the browser could not open " + start + ": " + BrowserSession.firstLine(e.getMessage()));
        }
        while (clock.instant().isBefore(deadline)) {
            if (closed[0]) {
                throw new SignInException("the browser window was closed before sign-in finished; the auth file is unchanged");
            }
            for (String candidate : candidates(context)) {
                if (stale.add(candidate)) {
                    OpenWebUiAccount.Check check = account.check(candidate);
                    if (check.accepted()) {
                        // Set by the same callback response as the token cookie, so it is in the jar by now.
                        Optional<String> session = cookie(context, OAUTH_SESSION_COOKIE)
                                .filter(v -> !sessionBefore.equals(Optional.of(v)));
                        return new Outcome(candidate, check.user().orElseThrow(), session);
                    }
                }
            }
            if (mode == Mode.SILENT && identityProviderWantsInput(context)) {
                throw new SignInException(RenewalMessages.SSO_ENDED);
            }
            try {
                page.waitForTimeout(POLL.toMillis());
            } catch (PlaywrightException e) {
                closed[0] = true; // the page went away with the window
            }
        }
        throw new SignInException(mode == Mode.SILENT ? RenewalMessages.SSO_ENDED
                : "no sign-in within " + TokenFacts.human(timeout).replace("in ", "") + "; the auth file is unchanged."
                + " Run login again and finish signing in in the browser window.");
    }

    /** Where to point the browser: the SSO start when the provider is known, else Open WebUI's sign-in page. */
    private String startUrl(BrowserContext context, Mode mode) {
        List<String> providers = providers(context);
        Optional<String> provider = configuredProvider.filter(providers::contains)
                .or(() -> providers.size() == 1 ? Optional.of(providers.getFirst()) : Optional.empty());
        if (provider.isPresent()) {
            return upstream + "/oauth/" + provider.get() + "/login";
        }
        if (mode == Mode.SILENT) {
            throw new SignInException(providers.isEmpty()
                    ? "Open WebUI at " + upstream + " offers no SSO provider, so the token cannot be renewed without you;"
                    + " run 'java -jar target/agent.jar login'"
                    : "Open WebUI offers several SSO providers " + providers + ": choose one with auth.provider in"
                    + " config/agent.yaml");
        }
        return upstream + "/auth";
    }

    /** Provider names from {@code GET /api/config}, fetched through the browser (its network, its certificates). */
    private List<String> providers(BrowserContext context) {
        List<String> names = new ArrayList<>();
        try {
            APIResponse res = context.request().get(upstream + "/api/config");
            if (res.ok()) {
                JsonNode providers = JSON.readTree(res.body()).path("oauth").path("providers");
                Iterator<String> it = providers.fieldNames();
                it.forEachRemaining(names::add);
            }
        } catch (Exception unreadable) {
            // an older or locked-down Open WebUI: fall back to its sign-in page
        }
        return names;
    }

    private List<String> candidates(BrowserContext context) {
        List<String> found = new ArrayList<>(2);
        tokenCookie(context).ifPresent(found::add);
        for (Page p : context.pages()) {
            if (onUpstream(p.url())) {
                fragmentToken(p.url()).ifPresent(found::add);
                try {
                    Object stored = p.evaluate("() => window.localStorage.getItem('token')");
                    if (stored instanceof String s && !s.isBlank()) {
                        found.add(s);
                    }
                } catch (PlaywrightException navigating) {
                    // the page is between documents; the next poll reads it
                }
            }
        }
        return found;
    }

    /** Older Open WebUI versions end OAuth at {@code /auth#token=<jwt>} instead of setting the cookie first. */
    static Optional<String> fragmentToken(String url) {
        int hash = url.indexOf('#');
        if (hash < 0) {
            return Optional.empty();
        }
        for (String part : url.substring(hash + 1).split("&")) {
            if (part.startsWith("token=") && part.length() > "token=".length()) {
                return Optional.of(java.net.URLDecoder.decode(part.substring("token=".length()), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private Optional<String> tokenCookie(BrowserContext context) {
        return cookie(context, "token");
    }

    /** A non-blank cookie the browser would send to Open WebUI (HttpOnly ones included). */
    private Optional<String> cookie(BrowserContext context, String name) {
        try {
            for (Cookie c : context.cookies(upstream.toString())) {
                if (name.equals(c.name) && c.value != null && !c.value.isBlank()) {
                    return Optional.of(c.value);
                }
            }
        } catch (PlaywrightException closed) {
            // context gone: the loop notices
        }
        return Optional.empty();
    }

    /** A visible password field on a page that is not Open WebUI: the IdP wants a person. */
    private boolean identityProviderWantsInput(BrowserContext context) {
        for (Page p : context.pages()) {
            if (!onUpstream(p.url()) && !p.url().startsWith("about:")) {
                try {
                    if (p.locator("input[type=password]").first().isVisible()) {
                        return true;
                    }
                } catch (PlaywrightException navigating) {
                    // not loaded yet
                }
            }
        }
        return false;
    }

    private boolean onUpstream(String url) {
        try {
            URI u = URI.create(url);
            return upstream.getHost().equalsIgnoreCase(u.getHost()) && port(upstream) == port(u);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
    }
}
