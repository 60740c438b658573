package dev.claudeconnector.cli;

import dev.claudeconnector.auth.Display;
import dev.claudeconnector.auth.Durations;
import dev.claudeconnector.auth.SessionRenewer;
import dev.claudeconnector.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code login}: sign in once in a visible browser; the token is saved for the proxy. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Sign in to Open WebUI in a browser window (SSO) and save the session token.",
                "The browser profile keeps your SSO session, so later renewals need no window."},
        footer = {"", "Examples:",
                "  ${sys:connector.command} login",
                "  ${sys:connector.command} login --browser /usr/bin/chromium --timeout 600",
                "Exit codes: 0 signed in, 1 not signed in (timeout, window closed, error), 130 interrupted."})
final class LoginCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Option(names = "--headless", description = "Run the browser without a window (only useful when no interaction is needed).")
    boolean headless;

    @Option(names = "--timeout", paramLabel = "S", description = "Seconds to wait for you to finish signing in (default: auth.login-timeout, 300).")
    Long timeoutSeconds;

    @Override
    public Integer call() {
        Settings settings = options.load();
        if (!headless) {
            Display.require(); // before promising a window
        }
        Duration timeout = timeoutSeconds != null ? Duration.ofSeconds(timeoutSeconds) : settings.auth().loginTimeout();
        AtomicBoolean done = new AtomicBoolean();
        // Only Ctrl-C while waiting: a sign-in that ends with an error says so itself.
        Thread onCtrlC = new Thread(() -> {
            if (!done.get()) {
                System.err.println("Sign-in interrupted; " + settings.authFile() + " is unchanged.");
            }
        });
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        System.out.println("Opening " + settings.upstream() + " in a browser window: finish signing in there"
                + " (waiting up to " + Durations.upTo(timeout) + ")…");
        SessionRenewer.Result result;
        try {
            result = SignInCommands.renewer(settings).login(headless, timeout);
        } finally {
            done.set(true);
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C came: the hook runs (and, done now, says nothing more)
            }
        }
        SignInCommands.report(System.out, "Signed in as", result);
        System.out.println("Token saved to " + settings.authFile() + ".");
        return 0;
    }
}
