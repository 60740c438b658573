package dev.claudeconnector.auth;

import dev.claudeconnector.config.AuthSettings;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The visible sign-in window {@code serve} may open when a headless renewal meets a page only a
 * person can answer: whether it may ({@code auth.interactive} and a desktop that can show a
 * window), and whether one is open now (for the held requests' pings, the health check and
 * {@code status}). Thread-safe.
 */
public final class SignInWindow {
    private static final System.Logger LOG = System.getLogger(SignInWindow.class.getName());
    /** The words on the log (stderr) when the window opens. */
    public static final String OPENED = "Sign-in needed: a browser window is open";

    private final boolean allowed;
    private final String why;
    private final Clock clock;
    private volatile Instant openSince;

    private SignInWindow(boolean allowed, String why, Clock clock) {
        this.allowed = allowed;
        this.why = why;
        this.clock = clock;
    }

    /**
     * @param env the environment ({@code DISPLAY}, {@code WAYLAND_DISPLAY})
     * @param os  {@code os.name}
     */
    public static SignInWindow of(AuthSettings auth, Map<String, String> env, String os, Clock clock) {
        if (!auth.interactive()) {
            return new SignInWindow(false, "auth.interactive is off", clock);
        }
        return Display.missing(env, os).map(why -> new SignInWindow(false, "no display (" + why + ")", clock))
                .orElseGet(() -> new SignInWindow(true, "", clock));
    }

    /** Whether a window may be opened; when not, {@link #whyNot()} says why. */
    public boolean allowed() {
        return allowed;
    }

    public String whyNot() {
        return why;
    }

    /** Since when a window has been waiting for the person; empty when none is open. */
    public Optional<Instant> openSince() {
        return Optional.ofNullable(openSince);
    }

    /**
     * Runs {@code signIn} (which shows the window) with the window marked open, and says so on the log.
     *
     * @param reason why a person is needed, for the log
     */
    public <T> T whileOpen(String reason, Supplier<T> signIn) {
        openSince = clock.instant();
        LOG.log(System.Logger.Level.WARNING, "{0} ({1}); finish signing in there, Claude Code''s requests wait for it",
                OPENED, reason);
        try {
            return signIn.get();
        } finally {
            openSince = null;
        }
    }
}
