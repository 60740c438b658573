package dev.claudeconnector.auth;

import dev.claudeconnector.config.Settings;
import dev.claudeconnector.openwebui.Account;
import dev.claudeconnector.openwebui.OpenWebUi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Gets a new Open WebUI token with the user's browser profile and saves it (with the OAuth session
 * id the same sign-in set, when Open WebUI set one): {@link #login} with a
 * person at a visible window, {@link #refresh} headless with nobody there (the IdP session in the
 * profile lets SSO finish silently, or the renewal fails fast).
 */
public final class SessionRenewer {
    /** A profile held by another sign-in is waited for this long before giving up. */
    private static final System.Logger LOG = System.getLogger(SessionRenewer.class.getName());
    private static final Duration PROFILE_WAIT = Duration.ofSeconds(45);

    private final Settings settings;
    private final Credentials credentials;
    private final OpenWebUi openWebUi;
    private final Clock clock;

    public SessionRenewer(Settings settings, Credentials credentials, OpenWebUi openWebUi, Clock clock) {
        this.settings = settings;
        this.credentials = credentials;
        this.openWebUi = openWebUi;
        this.clock = clock;
    }

    /** A new, validated and saved token and who it belongs to. */
    public record Result(String token, Account user, TokenFacts facts) {
    }

    public Result login(boolean headless, Duration timeout) {
        return renew(headless, SsoSignIn.Mode.INTERACTIVE, timeout);
    }

    public Result refresh() {
        return renew(true, SsoSignIn.Mode.SILENT, settings.auth().refreshTimeout());
    }

    /**
     * The renewal {@code serve} runs: headless first; when that meets a page only a person can
     * answer and {@code window} allows it, one visible window with the same profile, waiting up to
     * {@code auth.interactive-timeout} for the person to sign in.
     *
     * @throws SignInException when no token could be had; the message names {@code login}
     */
    public Result renewInServe(SignInWindow window) {
        try {
            return refresh();
        } catch (SignInException headless) {
            if (!headless.needsPerson() || !window.allowed()) {
                throw headless;
            }
            try {
                return window.whileOpen(BrowserSession.firstLine(headless.getMessage()),
                        () -> login(false, settings.auth().interactiveTimeout()));
            } catch (RuntimeException noSignIn) {
                throw new SignInException("the sign-in window ended without a sign-in ("
                        + BrowserSession.firstLine(noSignIn.getMessage()) + "). " + SignInAdvice.ssoEnded(credentials.file().path()),
                        noSignIn);
            }
        }
    }

    private Result renew(boolean headless, SsoSignIn.Mode mode, Duration timeout) {
        Set<String> known = new HashSet<>();
        credentials.token().ifPresent(known::add);
        SsoSignIn signIn = new SsoSignIn(settings.upstream(), settings.auth().provider(), openWebUi,
                credentials.file().path(), clock);
        // Asked first: an unreachable Open WebUI fails before a browser starts or a profile folder exists.
        String start = signIn.startUrl(mode);
        SsoSignIn.Outcome outcome = BrowserSession.open(settings.auth(), headless, PROFILE_WAIT,
                context -> signIn.run(context, start, known, mode, timeout));
        try {
            // The OAuth session id (Open WebUI 0.6.27+) goes with the token in the same write; none removes a stale one.
            credentials.storeSignIn(outcome.token(), outcome.oauthSessionId());
        } catch (IOException e) {
            throw new UncheckedIOException("signed in, but the token could not be saved to " + credentials.file().path()
                    + ": " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.DEBUG, "token saved to {0}", credentials.file().path());
        ProfileFolder.markSignedIn(settings.auth().profile(), clock.instant()); // status: "login done"
        return new Result(outcome.token(), outcome.user(), TokenFacts.of(outcome.token()));
    }
}
