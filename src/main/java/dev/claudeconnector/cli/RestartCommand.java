package dev.claudeconnector.cli;

import dev.claudeconnector.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code restart}: stops the proxy on the port (if any) and starts it again in the background with these settings. */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = {"Stop the proxy on the port (running answers finish first) and start it again in the background,"
                + " with this build and these settings."},
        footer = {"", "Examples:",
                "  ${sys:connector.command} restart",
                "Exit codes: 0 running again, 1 it could not be stopped or started."})
final class RestartCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Settings settings = options.load();
        if (!ProxyProcess.stop(settings, false, spec.commandLine().getOut(), spec.commandLine().getErr())) {
            return 1;
        }
        ProxyProcess.startInBackground(settings, options, spec.commandLine().getErr());
        return 0;
    }
}
