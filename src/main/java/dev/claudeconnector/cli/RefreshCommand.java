package dev.claudeconnector.cli;

import dev.claudeconnector.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code refresh}: renew the token now, headless, with the saved browser profile. */
@Command(name = "refresh", mixinStandardHelpOptions = true,
        description = {"Get a fresh Open WebUI token now, without a window, using the SSO session in the browser profile.",
                "Fails fast (auth file unchanged) when the identity provider wants you to sign in again."},
        footer = {"", "Examples:",
                "  ${sys:connector.command} refresh",
                "Exit codes: 0 renewed, 1 not renewed: the identity provider wants you (run login), Open WebUI refused, or another error."})
final class RefreshCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Option(names = "--headless", description = "Accepted for clarity: refresh is always headless.")
    boolean headless = true;

    @Override
    public Integer call() {
        Settings settings = options.load();
        var result = SignInCommands.renewer(settings).refresh();
        SignInCommands.report(System.out, "Token refreshed for", result);
        return 0;
    }
}
