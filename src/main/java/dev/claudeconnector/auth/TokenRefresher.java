package dev.claudeconnector.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Renews the token for a running proxy. Single-flight: however many requests hit a 401 at once,
 * one renewal runs and they all wait for its result. After a failed renewal, further 401s fail
 * fast for a while (no browser storm, no IdP lockout) unless the auth file changes, which means
 * the user did something about it.
 */
public final class TokenRefresher {
    private static final System.Logger LOG = System.getLogger(TokenRefresher.class.getName());

    private final Credentials credentials;
    private final Supplier<SessionRenewer.Result> renewal;
    private final Clock clock;
    private final Duration retryAfterFailure;
    private final Optional<SignInWindow> window;

    private CompletableFuture<String> inFlight;
    private Failure lastFailure;
    private int renewals;

    private record Failure(Instant at, Object fileStamp, String message) {
    }

    public TokenRefresher(Credentials credentials, Supplier<SessionRenewer.Result> renewal, Clock clock,
                          Duration retryAfterFailure) {
        this(credentials, renewal, clock, retryAfterFailure, Optional.empty());
    }

    /** @param window the visible sign-in window {@code renewal} may open, for {@link #waitingForPerson()} */
    public TokenRefresher(Credentials credentials, Supplier<SessionRenewer.Result> renewal, Clock clock,
                          Duration retryAfterFailure, Optional<SignInWindow> window) {
        this.window = window;
        this.credentials = credentials;
        this.renewal = renewal;
        this.clock = clock;
        this.retryAfterFailure = retryAfterFailure;
    }

    /**
     * The token to retry with after the upstream rejected {@code rejected}: the current one when it
     * already differs (someone renewed or edited the file meanwhile), else a freshly renewed one.
     *
     * @throws SignInException when no new token can be had; the message says to run login
     */
    public String tokenAfterRejection(String rejected) {
        return await(renewalAfterRejection(rejected));
    }

    /**
     * Like {@link #tokenAfterRejection} without blocking: the caller may do something while it waits
     * (keep a stream alive while a person signs in). The future fails with a {@link SignInException}.
     *
     * @throws SignInException when renewals fail fast after a recent failure
     */
    public CompletableFuture<String> renewalAfterRejection(String rejected) {
        Optional<String> current = credentials.token();
        if (current.isPresent() && !current.get().equals(rejected)) {
            return CompletableFuture.completedFuture(current.get());
        }
        return renewNow();
    }

    /** Whether a visible sign-in window is open and requests are waiting for the person. */
    public boolean waitingForPerson() {
        return waitingSince().isPresent();
    }

    /** Since when a visible sign-in window waits for the person, if one does. */
    public Optional<Instant> waitingSince() {
        return window.flatMap(SignInWindow::openSince);
    }

    /**
     * Proactive renewal: starts one in the background unless one is running, or the last one failed
     * and the auth file has not changed since. Unlike a 401, nothing is failing yet, so after a
     * failure there is no reason to launch a browser again every minute while the user is away.
     */
    public void renewInBackground() {
        synchronized (this) {
            if (lastFailure != null && lastFailure.fileStamp().equals(credentials.fileStamp())) {
                return;
            }
        }
        try {
            renewNow();
        } catch (SignInException coolingDown) {
            // a 401-triggered renewal failed moments ago
        }
    }

    /** Whether a renewal is running now. */
    public synchronized boolean isRenewing() {
        return inFlight != null;
    }

    /** How many renewals this refresher started (for metrics and tests). */
    public synchronized int renewals() {
        return renewals;
    }

    private synchronized CompletableFuture<String> renewNow() {
        if (inFlight != null) {
            return inFlight;
        }
        if (lastFailure != null && clock.instant().isBefore(lastFailure.at().plus(retryAfterFailure))
                && lastFailure.fileStamp().equals(credentials.fileStamp())) {
            throw new SignInException(lastFailure.message());
        }
        renewals++;
        CompletableFuture<String> future = new CompletableFuture<>();
        inFlight = future;
        // A platform thread: Playwright blocks on its driver pipe and must stay on one thread.
        Thread.ofPlatform().name("token-renewal").daemon().start(() -> run(future));
        return future;
    }

    private void run(CompletableFuture<String> future) {
        try {
            SessionRenewer.Result result = renewal.get();
            LOG.log(System.Logger.Level.INFO, "token refreshed ({0})", result.facts().describeExpiry(clock.instant()));
            finish(future, null);
            future.complete(result.token());
        } catch (RuntimeException e) {
            String message = e instanceof SignInException ? e.getMessage()
                    : "token renewal failed (" + BrowserSession.firstLine(e.getMessage()) + "); " + SignInAdvice.ssoEnded(credentials.file().path());
            LOG.log(System.Logger.Level.WARNING, "token renewal failed: {0}", message);
            finish(future, new Failure(clock.instant(), credentials.fileStamp(), message));
            future.completeExceptionally(new SignInException(message, e));
        }
    }

    private synchronized void finish(CompletableFuture<String> future, Failure failure) {
        if (inFlight == future) {
            inFlight = null;
        }
        lastFailure = failure;
    }

    /** The token a renewal future gives, or its failure as a {@link SignInException}. */
    public String await(CompletableFuture<String> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof SignInException s ? s : new SignInException(SignInAdvice.ssoEnded(credentials.file().path()), e);
        }
    }
}
