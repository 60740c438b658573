package dev.claudeconnector.auth;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.WaitUntilState;

import dev.claudeconnector.config.Invocation;
import dev.claudeconnector.openwebui.Account;
import dev.claudeconnector.openwebui.OpenWebUi;
import dev.claudeconnector.openwebui.OpenWebUiException;
import dev.claudeconnector.openwebui.OpenWebUiFailure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Drives one Open WebUI sign-in in a browser context and waits for the token it produces.
 * Open WebUI keeps the JWT in the {@code token} cookie (read with the context's cookies, which
 * include HttpOnly ones) and in {@code localStorage.token} (the fallback). SSO starts at
 * {@code /oauth/<provider>/login}; the IdP sends the browser back to Open WebUI's callback, which
 * sets a fresh token. Tokens already in the profile's cookie jar are stale by definition: a
 * renewal must never hand back the token that was just rejected. So a token not seen before is
 * taken as soon as Open WebUI accepts it; a token seen before only once {@link CallbackWatch} saw
 * this sign-in's callback hand it over (older Open WebUI mints the same token every time).
 *
 * <p>Open WebUI 0.6.27 and later set an HttpOnly {@code oauth_session_id} cookie in the same callback
 * response (its {@code utils/oauth.py}); it is taken with the token when this sign-in set it, that is
 * when its value differs from the one the cookie jar held before the sign-in started.
 *
 * <p>In {@code SILENT} mode nobody is at the browser: {@link DeadEnds} ends the sign-in within seconds
 * when a page needs a person, and a sign-in that has not finished by the timeout counts as one too.
 */
final class SsoSignIn {
    private static final System.Logger LOG = System.getLogger(SsoSignIn.class.getName());
    private static final Duration POLL = Duration.ofMillis(250);

    /** {@code INTERACTIVE}: a person is at the window. {@code SILENT}: nobody is; a login form means failure. */
    enum Mode { INTERACTIVE, SILENT }

    /** The new token, whose it is, and the {@code oauth_session_id} cookie the same sign-in set (none before 0.6.27). */
    record Outcome(String token, Account user, Optional<String> oauthSessionId) {
    }

    /** A token found in the browser; {@code setByCallback}: where Open WebUI's callback puts it (cookie, fragment). */
    private record Candidate(String token, boolean setByCallback) {
    }

    private final URI upstream;
    private final Optional<String> configuredProvider;
    private final OpenWebUi openWebUi;
    private final Path authFile;
    private final Clock clock;

    SsoSignIn(URI upstream, Optional<String> configuredProvider, OpenWebUi openWebUi, Path authFile, Clock clock) {
        this.upstream = upstream;
        this.configuredProvider = configuredProvider;
        this.openWebUi = openWebUi;
        this.authFile = authFile;
        this.clock = clock;
    }

    /**
     * Runs the sign-in from {@code start}, the address {@link #startUrl} chose before the browser was
     * launched (so an unreachable Open WebUI fails before a browser or a profile folder exists).
     */
    Outcome run(BrowserContext context, String start, Set<String> knownTokens, Mode mode, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        Set<String> stale = new HashSet<>(knownTokens);
        tokenCookie(context).ifPresent(stale::add);
        Set<String> checkedAfterHandOver = new HashSet<>();
        Optional<String> sessionBefore = cookie(context, OpenWebUi.OAUTH_SESSION_COOKIE);
        Page page = context.pages().isEmpty() ? context.newPage() : context.pages().getFirst();
        boolean[] closed = {false};
        context.onClose(c -> closed[0] = true);
        CallbackWatch callback = new CallbackWatch(this::onUpstream);
        context.onResponse(callback::seen);
        DeadEnds deadEnds = mode == Mode.SILENT ? new DeadEnds(this::onUpstream, authFile, clock) : null;

        LOG.log(System.Logger.Level.DEBUG, "sign-in ({0}): opening {1}, waiting up to {2}", mode, start,
                Durations.upTo(timeout));
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
            boolean handedOver = callback.handedOver();
            for (Candidate candidate : candidates(context)) {
                boolean unseen = stale.add(candidate.token());
                boolean handedToUs = handedOver && candidate.setByCallback() && checkedAfterHandOver.add(candidate.token());
                if (unseen || handedToUs) {
                    Optional<Account> user = acceptedBy(candidate.token());
                    if (user.isPresent()) {
                        LOG.log(System.Logger.Level.DEBUG, "sign-in: Open WebUI accepts the new token ({0})",
                                user.get().display());
                        // Set by the same callback response as the token cookie, so it is in the jar by now.
                        Optional<String> session = cookie(context, OpenWebUi.OAUTH_SESSION_COOKIE)
                                .filter(v -> !sessionBefore.equals(Optional.of(v)));
                        return new Outcome(candidate.token(), user.get(), session);
                    }
                }
            }
            if (deadEnds != null) {
                deadEnds.check(context);
            }
            try {
                page.waitForTimeout(POLL.toMillis());
            } catch (PlaywrightException e) {
                closed[0] = true; // the page went away with the window
            }
        }
        if (mode == Mode.SILENT) { // nobody was there to finish it, so it needs a person
            throw new SignInException(SignInAdvice.ssoEnded(authFile), true);
        }
        throw new SignInException("no sign-in within " + Durations.upTo(timeout)
                + "; the auth file is unchanged. Run '" + Invocation.of("login") + "' again and finish signing in in the browser window.");
    }

    /** The account a candidate token belongs to, when Open WebUI accepts it; empty when it refuses it. */
    private Optional<Account> acceptedBy(String candidate) {
        try {
            return Optional.of(openWebUi.account(candidate));
        } catch (OpenWebUiException e) {
            if (e.failure() instanceof OpenWebUiFailure.Unreachable why) {
                throw new SignInException("signed in, but Open WebUI could not be asked whether it accepts the token ("
                        + why.detail() + ")");
            }
            return Optional.empty(); // not this one: keep waiting for the sign-in to finish
        }
    }

    /**
     * Where to point the browser: the SSO start when the provider is known, else Open WebUI's sign-in
     * page. Asks Open WebUI, so call it before launching the browser.
     */
    String startUrl(Mode mode) {
        List<String> providers = providers(mode);
        Optional<String> provider = configuredProvider.filter(providers::contains)
                .or(() -> providers.size() == 1 ? Optional.of(providers.getFirst()) : Optional.empty());
        LOG.log(System.Logger.Level.DEBUG, "sign-in: Open WebUI offers the SSO providers {0}", providers);
        if (provider.isPresent()) {
            return upstream + "/oauth/" + provider.get() + "/login";
        }
        if (mode == Mode.SILENT) {
            throw new SignInException(providers.isEmpty()
                    ? "Open WebUI at " + upstream + " offers no SSO provider, so the token cannot be renewed without you. "
                    + SignInAdvice.signIn(authFile)
                    : "Open WebUI offers several SSO providers " + providers + ": choose one with auth.provider in"
                    + " config/agent.yaml");
        }
        return upstream + "/auth";
    }

    /**
     * Provider names from {@code GET /api/config}, which every Open WebUI answers without a sign-in. When
     * it does not, the reason is said: nothing there, a failing server, or something that is not Open
     * WebUI. Only a 401/403 (a sign-in gateway in front of Open WebUI) lets a person's browser go on to
     * Open WebUI's own sign-in page.
     */
    private List<String> providers(Mode mode) {
        try {
            return openWebUi.config().providers();
        } catch (OpenWebUiException e) {
            OpenWebUiFailure f = e.failure();
            if (f instanceof OpenWebUiFailure.Unreachable why) {
                throw new SignInException("cannot reach Open WebUI at " + upstream + " (" + why.detail()
                        + "); check the URL, your network and VPN");
            }
            String answer = "HTTP " + f.status() + (f.detail().isBlank() || f.detail().contains(String.valueOf(f.status()))
                    ? "" : ": " + BrowserSession.firstLine(f.detail()));
            if (f instanceof OpenWebUiFailure.ServerError || f instanceof OpenWebUiFailure.Overloaded) {
                throw new SignInException("Open WebUI at " + upstream + " is up but failing (" + answer
                        + "); try again later, or tell its administrators");
            }
            if (f instanceof OpenWebUiFailure.TokenRejected || f instanceof OpenWebUiFailure.NoPermission) {
                if (mode == Mode.SILENT) {
                    throw new SignInException("Open WebUI at " + upstream + " does not say which SSO providers it offers ("
                            + answer + "), so the token cannot be renewed without you. " + SignInAdvice.signIn(authFile));
                }
                return List.of();
            }
            throw new SignInException("what answers at " + upstream + " is not Open WebUI's API (" + answer
                    + "); check upstream.url, WEBUI_URL or --upstream");
        }
    }

    private List<Candidate> candidates(BrowserContext context) {
        List<Candidate> found = new ArrayList<>(3);
        tokenCookie(context).ifPresent(t -> found.add(new Candidate(t, true)));
        for (Page p : context.pages()) {
            if (onUpstream(p.url())) {
                fragmentToken(p.url()).ifPresent(t -> found.add(new Candidate(t, true)));
                try {
                    // Open WebUI's page copies the token here; it also keeps old ones, so never taken when seen before.
                    Object stored = p.evaluate("() => window.localStorage.getItem('token')");
                    if (stored instanceof String s && !s.isBlank()) {
                        found.add(new Candidate(s, false));
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
