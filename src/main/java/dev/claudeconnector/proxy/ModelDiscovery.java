package dev.claudeconnector.proxy;

import dev.claudeconnector.auth.Credentials;
import dev.claudeconnector.config.Invocation;
import dev.claudeconnector.models.ModelCatalog;
import dev.claudeconnector.models.ModelMatcher;
import dev.claudeconnector.models.OfferedModel;
import dev.claudeconnector.openwebui.OpenWebUi;
import dev.claudeconnector.openwebui.OpenWebUiException;
import dev.claudeconnector.openwebui.OpenWebUiFailure;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * At {@code serve} start, in the background: asks Open WebUI which models it offers and, where a
 * catalog id is missing but the same model is offered under another id, makes the catalog use that
 * id, so nobody has to copy Bedrock ids into the config by hand.
 *
 * <p>Never delays readiness and never fails the server: the check runs on its own thread. Until it
 * has succeeded once, it is tried again when the token changes (a {@code login} after start, a
 * renewal) and, after a failure that was not about the token (network, VPN), every
 * {@link #RETRY_AFTER}. After a success it stops: the model list changes rarely, a restart re-reads it.
 */
final class ModelDiscovery {
    private static final System.Logger LOG = System.getLogger(ModelDiscovery.class.getName());
    static final Duration RECHECK = Duration.ofSeconds(10);
    static final Duration RETRY_AFTER = Duration.ofMinutes(2);

    private final OpenWebUi upstream;
    private final Credentials credentials;
    private final ModelCatalog catalog;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean done;
    /** The token of the last attempt, held in memory only to notice a new one; never logged. */
    private volatile String lastToken;
    private volatile long retryAtNanos = Long.MAX_VALUE;
    private volatile String lastFailure = "";
    private volatile ScheduledFuture<?> rechecks;

    ModelDiscovery(OpenWebUi upstream, Credentials credentials, ModelCatalog catalog) {
        this.upstream = upstream;
        this.credentials = credentials;
        this.catalog = catalog;
    }

    /** Tries now (in the background) and then every {@code recheck} until one attempt succeeded. */
    void start(ScheduledExecutorService timer, Duration recheck) {
        attemptIfDue();
        rechecks = timer.scheduleWithFixedDelay(this::attemptIfDue, recheck.toMillis(), recheck.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Whether the catalog has been checked against the upstream's list. */
    boolean done() {
        return done;
    }

    /** Cheap (one stat of the auth file); the fetch itself runs on a virtual thread, never on the caller's. */
    private void attemptIfDue() {
        try {
            if (done) {
                stopRechecks();
                return;
            }
            String token = credentials.token().orElse(null);
            if (token == null) {
                return;
            }
            boolean due = !Objects.equals(token, lastToken) || System.nanoTime() - retryAtNanos >= 0;
            if (due && running.compareAndSet(false, true)) {
                lastToken = token;
                retryAtNanos = Long.MAX_VALUE;
                Thread.ofVirtual().name("model-discovery").start(() -> attempt(token));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "model discovery check failed: {0}", e.getMessage());
        }
    }

    private void attempt(String token) {
        try {
            List<OfferedModel> offered = upstream.models(token);
            adopt(ModelMatcher.match(catalog.models(), offered));
            done = true;
            stopRechecks();
        } catch (OpenWebUiException e) {
            // Asking again only helps with another token when this one was the trouble.
            boolean tokenTrouble = switch (e.failure()) {
                case OpenWebUiFailure.TokenRejected t -> true;
                case OpenWebUiFailure.NoPermission p -> true;
                default -> false;
            };
            if (!tokenTrouble) {
                retryAtNanos = System.nanoTime() + RETRY_AFTER.toNanos();
            }
            failed(describe(e.failure()), tokenTrouble ? "once the token changes" : "in " + RETRY_AFTER.toMinutes() + " min");
        } catch (RuntimeException e) {
            retryAtNanos = System.nanoTime() + RETRY_AFTER.toNanos();
            failed(e.toString(), "in " + RETRY_AFTER.toMinutes() + " min");
        } finally {
            running.set(false);
        }
    }

    private void adopt(ModelMatcher.Matches matches) {
        catalog.useUpstreamIds(matches.adoptions());
        for (ModelMatcher.Match m : matches.catalog()) {
            String name = m.spec().name();
            String configured = m.spec().upstreamId();
            switch (m.status()) {
                case MATCHED -> LOG.log(System.Logger.Level.INFO, "model {0}: Open WebUI has no ''{1}''; using its ''{2}''{3}",
                        name, configured, m.upstreamIdToUse(),
                        m.byName() ? " (named '" + m.offered().orElseThrow().name() + "')" : "");
                case MISSING -> LOG.log(System.Logger.Level.WARNING, "model {0}: Open WebUI offers no ''{1}'' nor the same"
                        + " model under another id; requests for it will fail. See what it offers with"
                        + " ''{2}'' and set upstream-id in config/agent.yaml", name, configured, Invocation.of("models"));
                case OFFERED -> LOG.log(System.Logger.Level.DEBUG, "model {0}: offered by Open WebUI as ''{1}''", name, configured);
            }
        }
    }

    private String describe(OpenWebUiFailure failure) {
        String said = failure.detail().isEmpty() ? "" : ": " + failure.detail();
        return switch (failure) {
            case OpenWebUiFailure.TokenRejected t -> "Open WebUI did not accept the session token (HTTP " + t.status()
                    + ")" + said;
            case OpenWebUiFailure.NoPermission p -> "Open WebUI does not let this account list models (HTTP "
                    + p.status() + ")" + said;
            case OpenWebUiFailure.Unreachable u -> "cannot reach Open WebUI at " + upstream.baseUrl() + said;
            case OpenWebUiFailure.NotOpenWebUi n -> upstream.baseUrl() + " does not answer like Open WebUI" + said;
            default -> "Open WebUI answered GET /api/models with HTTP " + failure.status() + said;
        };
    }

    /** The first time a reason shows up it is worth an info line; repeats of it only clutter the log. */
    private void failed(String message, String retry) {
        System.Logger.Level level = message.equals(lastFailure) ? System.Logger.Level.DEBUG : System.Logger.Level.INFO;
        lastFailure = message;
        LOG.log(level, "could not compare the model catalog with Open WebUI''s model list (trying again {0}): {1}",
                retry, message);
    }

    private void stopRechecks() {
        ScheduledFuture<?> r = rechecks;
        if (r != null) {
            r.cancel(false);
        }
    }
}
