package dev.claudeconnector.cli;

import dev.claudeconnector.config.Invocation;
import dev.claudeconnector.auth.BrowserLocator;
import dev.claudeconnector.auth.ProfileFolder;
import dev.claudeconnector.config.Settings;
import java.time.Instant;
import dev.claudeconnector.auth.TokenFacts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The {@code status} checks on this machine: browser profile, browser, running proxy, Claude CLI. */
final class LocalChecks {
    static final String PROFILE = "browser profile present";
    static final String BROWSER = "browser found";
    static final String PROXY = "proxy serving";
    static final String CLAUDE = "claude found";
    private static final String START_ADVICE = "start it: '" + Invocation.of("serve")
            + "' (or '" + Invocation.of("claude") + "', which starts it)";

    private LocalChecks() {
    }

    /** A sign-in succeeded with the profile, so renewals can happen without a window. */
    static boolean profilePresent(Settings settings) {
        return ProfileFolder.state(settings.auth().profile(), settings.authFile()) == ProfileFolder.State.SIGNED_IN;
    }

    static StatusCheck profile(Settings settings) {
        Path dir = settings.auth().profile();
        String login = "run '" + Invocation.of("login") + "' once, so the token can be renewed without a window";
        return switch (ProfileFolder.state(dir, settings.authFile())) {
            case SIGNED_IN -> StatusCheck.pass(PROFILE, false, dir + " (login done)");
            case ABSENT -> StatusCheck.fail(PROFILE, false, "no folder " + dir + " (login not done yet)", login);
            case EMPTY -> StatusCheck.fail(PROFILE, false, dir + " is empty (login not done yet)", login);
            case UNFINISHED -> StatusCheck.fail(PROFILE, false, dir + " holds no finished sign-in (login not finished)",
                    "run '" + Invocation.of("login") + "' and finish signing in in its window, so the token can be"
                            + " renewed without one");
        };
    }

    /** Only finds the browser; starting one would be slow and, headed, intrusive. */
    static StatusCheck browser(Settings settings) {
        try {
            return StatusCheck.pass(BROWSER, false, BrowserLocator.locate(settings.auth()).describe());
        } catch (IllegalStateException e) {
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            return colon > 0
                    ? StatusCheck.fail(BROWSER, false, message.substring(0, colon), message.substring(colon + 2))
                    : StatusCheck.fail(BROWSER, false, message,
                    "pass --browser with the path of Chrome, Chromium or Edge, or fix auth.browser.executable");
        }
    }

    /**
     * Asks the port's {@code /observe/health} (no key needed). Nothing listening is fine for working
     * (the {@code claude} command starts a proxy); another program on the port is not, because then
     * no proxy can start there.
     */
    static StatusCheck proxy(Settings settings, Duration timeout) {
        String base = settings.localBaseUrl();
        return switch (LocalProxy.probe(settings, timeout)) {
            case LocalProxy.NotListening n -> StatusCheck.fail(PROXY, false, "nothing listens on " + base, START_ADVICE);
            case LocalProxy.Foreign f -> StatusCheck.fail(PROXY, true, f.detail(), "stop that program, or use another"
                    + " port with --port (server.port) and the same port in ANTHROPIC_BASE_URL");
            case LocalProxy.Ours o -> {
                String detail = describe(settings, o.health());
                if (o.health().signInWaitingSince().isPresent()) {
                    yield StatusCheck.fail(PROXY, false, detail + "; a sign-in window has been waiting for you since "
                            + o.health().signInWaitingSince().get(), "finish signing in in the browser window the proxy"
                            + " opened; Claude Code's requests wait for it");
                }
                yield o.health().upstream().equals(settings.upstream().toString())
                        ? StatusCheck.pass(PROXY, false, detail)
                        : StatusCheck.fail(PROXY, false, detail + ", not " + settings.upstream(),
                        "restart it with these settings (stop it, then '" + Invocation.of("serve") + "')");
            }
        };
    }

    /** "claude-connector 0.1.0 (pid 1234, up 2 h 5 min) on http://127.0.0.1:22660 → https://…; log: …". */
    private static String describe(Settings settings, LocalProxy.Health health) {
        StringBuilder text = new StringBuilder("claude-connector ").append(health.version());
        if (health.pid() > 0) {
            text.append(" (pid ").append(health.pid());
            health.started().ifPresent(t -> text.append(", up ").append(
                    TokenFacts.length(Duration.between(t, Instant.now()))));
            text.append(')');
        }
        text.append(" on ").append(settings.localBaseUrl()).append(" → ").append(health.upstream());
        health.log().ifPresent(log -> text.append("; log: ").append(log));
        return text.toString();
    }

    static StatusCheck claude(Duration timeout) {
        Optional<Path> claude = ClaudeCli.find(null);
        if (claude.isEmpty()) {
            return StatusCheck.fail(CLAUDE, false, "no 'claude' on the PATH", ClaudeCli.INSTALL_HINT);
        }
        // `claude --version` starts Node.js; do not let a slow one hold up the whole report.
        Optional<String> version = CompletableFuture.supplyAsync(() -> ClaudeCli.version(claude.get()), r -> Thread.ofVirtual().start(r))
                .completeOnTimeout(Optional.empty(), timeout.toMillis(), TimeUnit.MILLISECONDS)
                .join();
        return StatusCheck.pass(CLAUDE, false, claude.get() + version.map(v -> " (" + v + ")").orElse(" (version unknown)"));
    }
}
