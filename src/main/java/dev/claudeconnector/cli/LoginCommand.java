package dev.claudeconnector.cli;

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
        Duration timeout = timeoutSeconds != null ? Duration.ofSeconds(timeoutSeconds) : settings.auth().loginTimeout();
        AtomicBoolean done = new AtomicBoolean();
        Thread onCtrlC = new Thread(() -> {
            if (!done.get()) {
                System.err.println("Sign-in interrupted; " + settings.authFile() + " is unchanged.");
            }
        });
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        System.out.println("Opening " + settings.upstream() + " in a browser window: finish signing in there"
                + " (waiting up to " + timeout.toMinutes() + " min)…");
        var result = SignInCommands.renewer(settings).login(headless, timeout);
        done.set(true);
        SignInCommands.report(System.out, "Signed in as", result);
        System.out.println("Token saved to " + settings.authFile() + ".");
        return 0;
    }
}
