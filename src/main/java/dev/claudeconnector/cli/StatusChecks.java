package dev.claudeconnector.cli;

import dev.claudeconnector.config.Invocation;
import dev.claudeconnector.auth.AuthFile;
import dev.claudeconnector.auth.Credentials;
import dev.claudeconnector.auth.SignInAdvice;
import dev.claudeconnector.auth.TokenFacts;
import dev.claudeconnector.config.Settings;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs every {@code status} check, the slow (network) ones in parallel, and returns them in the
 * order a user reads them: config, upstream, token, sign-in tools, proxy, Claude CLI. A check that
 * outlives {@link #DEADLINE} is reported as such, so a hanging server cannot hang {@code status}.
 */
final class StatusChecks {
    static final String CONFIG = "config loaded";
    static final String TOKEN = "token present";
    /** Per network probe; short because a user waiting on status wants an answer, not the full upstream timeouts. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    static final Duration PROXY_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DEADLINE = Duration.ofSeconds(6);

    private StatusChecks() {
    }

    static StatusCheck config(Settings settings) {
        return StatusCheck.pass(CONFIG, true, settings.configSource());
    }

    /** When the settings cannot even be loaded, nothing else can be checked. */
    static StatusCheck configFailed(RuntimeException e) {
        return StatusCheck.fail(CONFIG, true, e.getMessage() == null ? e.toString() : e.getMessage(),
                "fix the file, flag or environment variable named above, then run status again");
    }

    static List<StatusCheck> run(Settings settings, Map<String, String> env) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        boolean profilePresent = LocalChecks.profilePresent(settings);
        Optional<String> token = Optional.empty();
        StatusCheck tokenPresent;
        try {
            token = new Credentials(new AuthFile(settings.authFile()), env).token();
            tokenPresent = tokenPresent(settings, env, token, profilePresent);
        } catch (RuntimeException unreadable) {
            tokenPresent = StatusCheck.fail(TOKEN, true, unreadable.getMessage(),
                    "make " + settings.authFile() + " readable by you (it should have mode 0600)");
        }

        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<StatusCheck> upstream = pool.submit(() -> UpstreamChecks.reachable(settings, PROBE_TIMEOUT));
            String t = token.orElse(null);
            // Asked only once the server answered: otherwise it would just repeat the upstream's failure.
            Future<StatusCheck> accepted = t == null ? null : pool.submit(() -> upstream.get().ok()
                    ? UpstreamChecks.accepted(settings, t, PROBE_TIMEOUT, profilePresent)
                    : StatusCheck.fail(UpstreamChecks.ACCEPTED, true, "not checked (upstream not reachable)", null));
            Future<StatusCheck> proxy = pool.submit(() -> LocalChecks.proxy(settings, PROXY_TIMEOUT));
            Future<StatusCheck> claude = pool.submit(() -> LocalChecks.claude(PROBE_TIMEOUT));
            Future<StatusCheck> browser = pool.submit(() -> LocalChecks.browser(settings));

            List<StatusCheck> checks = new ArrayList<>();
            checks.add(config(settings));
            checks.add(await(upstream, deadline, UpstreamChecks.REACHABLE, true,
                    "no answer from " + settings.upstream() + " within " + DEADLINE.toSeconds() + " s"));
            checks.add(tokenPresent);
            checks.add(accepted == null
                    // No advice of its own: the token line already says how to get one.
                    ? StatusCheck.fail(UpstreamChecks.ACCEPTED, true, "not checked (no token)", null)
                    : await(accepted, deadline, UpstreamChecks.ACCEPTED, true,
                    "Open WebUI did not answer within " + DEADLINE.toSeconds() + " s"));
            checks.add(LocalChecks.profile(settings));
            checks.add(await(browser, deadline, LocalChecks.BROWSER, false, "not found in time"));
            checks.add(await(proxy, deadline, LocalChecks.PROXY, false, "no answer in time"));
            checks.add(await(claude, deadline, LocalChecks.CLAUDE, false, "no answer in time"));
            return checks;
        } finally {
            // Do not wait: a probe past the deadline may still be blocked in a socket; it ends on its own timeout.
            pool.shutdownNow();
        }
    }

    private static StatusCheck tokenPresent(Settings settings, Map<String, String> env, Optional<String> token,
                                            boolean profilePresent) {
        AuthFile file = new AuthFile(settings.authFile());
        // Anyone else who can read the file can use the session and the proxy: that alone is a failure.
        Optional<String> shared = file.sharedMode();
        String chmod = "run 'chmod 600 " + settings.authFile() + "' (it holds your session token and local key)";
        String sharedNote = shared.map(mode -> "; and " + settings.authFile() + " is readable by other users (mode "
                + mode + ")").orElse("");
        String sharedAdvice = shared.isPresent() ? chmod + "; then " : "";
        if (token.isEmpty()) {
            String advice = profilePresent
                    ? "run '" + Invocation.of("refresh") + "' (your browser profile may still hold the SSO session); or: "
                    + SignInAdvice.signIn(settings.authFile())
                    : SignInAdvice.signIn(settings.authFile());
            String detail = placeholderIn(file, env)
                    ? Credentials.TOKEN_VAR + " in " + placeholderWhere(file, env) + " is the placeholder from .auth.env.example"
                    : "no " + Credentials.TOKEN_VAR + " in " + settings.authFile() + " or the environment";
            return StatusCheck.fail(TOKEN, true, detail + sharedNote, sharedAdvice + advice);
        }
        String envToken = env.get(Credentials.TOKEN_VAR);
        String where = envToken != null && !envToken.isBlank() && !Credentials.isPlaceholder(envToken)
                ? "from " + Credentials.TOKEN_VAR + " in the environment" : "in " + settings.authFile();
        if (!TokenFacts.couldBeOpenWebUiToken(token.get())) {
            return StatusCheck.fail(TOKEN, true, where + ", but it is no Open WebUI token (neither a JWT nor an API key"
                    + " sk-…)" + sharedNote, sharedAdvice + SignInAdvice.signIn(settings.authFile()));
        }
        String detail = where + "; " + TokenFacts.of(token.get()).describeExpiry(Instant.now());
        return shared.isPresent() ? StatusCheck.fail(TOKEN, true, detail + sharedNote, chmod)
                : StatusCheck.pass(TOKEN, true, detail);
    }

    private static boolean placeholderIn(AuthFile file, Map<String, String> env) {
        return Credentials.isPlaceholder(env.get(Credentials.TOKEN_VAR)) || Credentials.isPlaceholder(fileToken(file));
    }

    private static String placeholderWhere(AuthFile file, Map<String, String> env) {
        return Credentials.isPlaceholder(fileToken(file)) ? file.path().toString() : "the environment";
    }

    private static String fileToken(AuthFile file) {
        try {
            return file.read().get(Credentials.TOKEN_VAR);
        } catch (java.io.IOException unreadable) {
            return null; // the token line already failed for that
        }
    }

    private static StatusCheck await(Future<StatusCheck> check, long deadline, String name, boolean needed,
                                     String lateDetail) {
        try {
            return check.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            check.cancel(true);
            return StatusCheck.fail(name, needed, lateDetail, "try again; if it persists, check your network and VPN");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return StatusCheck.fail(name, needed, "check failed: " + cause, "run status again; if it persists, please report it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StatusCheck.fail(name, needed, "not checked (interrupted)", null);
        }
    }
}
