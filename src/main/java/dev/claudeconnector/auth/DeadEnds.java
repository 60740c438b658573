package dev.claudeconnector.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Notices, while a headless renewal runs, that the silent sign-in has stopped where only a person can go
 * on, within seconds instead of at the renewal's timeout. Three signs:
 * <ul>
 * <li>a page of the identity provider of a kind {@link IdpPage} recognises (password, account picker,
 *     user name, one-time code, consent);</li>
 * <li>any other page of the identity provider that stays at one address, loaded, for {@link #STAY_PUT}
 *     (a page that would carry the sign-in on does so at once: a redirect or a form posted by script);</li>
 * <li>Open WebUI refusing the sign-in: from about 0.6.28 (verified in 0.6.30) its OAuth callback redirects
 *     a failure to {@code /auth?error=<message>}, URL-quoted from 0.8.12 ({@code utils/oauth.py},
 *     {@code handle_callback}); before, the callback answered 400 with a JSON {@code detail}.</li>
 * </ul>
 * The first two need a person ({@link SignInException#needsPerson()}). Open WebUI's refusal does not: it
 * came after the IdP had let the person through, so a visible window would replay the same exchange and
 * meet the same refusal; the message quotes Open WebUI's reason and still says how to sign in, as a retry
 * by hand (a stale state, a code used twice) can succeed.
 */
final class DeadEnds {
    /** How long a loaded IdP page may stay at one address before it counts as waiting for a person. */
    static final Duration STAY_PUT = Duration.ofSeconds(4);
    private static final int REASON_LIMIT = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Mark(String url, Instant since) {
    }

    private final Predicate<String> onUpstream;
    private final Path authFile;
    private final Clock clock;
    private final Map<Page, Mark> marks = new IdentityHashMap<>();

    DeadEnds(Predicate<String> onUpstream, Path authFile, Clock clock) {
        this.onUpstream = onUpstream;
        this.authFile = authFile;
        this.clock = clock;
    }

    /** @throws SignInException when a page of the context is a dead end; the message names the kind */
    void check(BrowserContext context) {
        for (Page page : context.pages()) {
            String url = page.url();
            URI u = web(url);
            if (u == null) {
                continue; // about:blank, a browser error page
            }
            if (onUpstream.test(url)) {
                refusal(page, u).ifPresent(reason -> {
                    throw new SignInException("Open WebUI refused the sign-in: " + reason + " " + SignInAdvice.signIn(authFile));
                });
                continue;
            }
            Optional<IdpPage.Facts> facts = IdpPage.read(page);
            if (facts.isEmpty() || !facts.get().loaded()) {
                marks.remove(page);
                continue;
            }
            String where = " (" + u.getHost() + ")";
            IdpPage.classify(facts.get()).ifPresent(kind -> {
                throw new SignInException(SignInAdvice.needsYou("the identity provider " + kind.asks + where, authFile), true);
            });
            Instant now = clock.instant();
            Mark mark = marks.get(page);
            if (mark == null || !mark.url().equals(url)) {
                marks.put(page, new Mark(url, now));
            } else if (!now.isBefore(mark.since().plus(STAY_PUT))) {
                throw new SignInException(SignInAdvice.needsYou("the identity provider shows a page that needs you" + where,
                        authFile), true);
            }
        }
    }

    /** Open WebUI's reason for refusing the sign-in, when this page of Open WebUI shows one. */
    private static Optional<String> refusal(Page page, URI u) {
        String path = u.getPath() == null ? "" : u.getPath();
        if (path.equals("/auth") || path.equals("/auth/")) {
            return CallbackWatch.queryParam(u.getRawQuery(), "error").map(DeadEnds::clean).filter(s -> !s.isEmpty());
        }
        if (CallbackWatch.isCallback(path)) {
            try { // before the /auth?error redirect: the callback's own 400 answer, {"detail": "..."}
                if (page.evaluate("() => document.readyState === 'complete' ? document.body.innerText : null") instanceof String text) {
                    JsonNode detail = JSON.readTree(text).path("detail");
                    return detail.isTextual() ? Optional.of(clean(detail.asText())).filter(s -> !s.isEmpty()) : Optional.empty();
                }
            } catch (PlaywrightException | java.io.IOException notJson) {
                // still loading, or not Open WebUI's error answer
            }
        }
        return Optional.empty();
    }

    /** One line, no control characters, not too long, ending in a full stop: it goes into a sentence of ours. */
    static String clean(String reason) {
        String line = reason.replaceAll("\\p{Cntrl}+", " ").replaceAll("\\s+", " ").strip();
        if (line.length() > REASON_LIMIT) {
            line = line.substring(0, REASON_LIMIT) + "…";
        }
        return line.isEmpty() || line.endsWith(".") || line.endsWith("…") ? line : line + ".";
    }

    private static URI web(String url) {
        try {
            URI u = URI.create(url);
            return "http".equals(u.getScheme()) || "https".equals(u.getScheme()) ? u : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
