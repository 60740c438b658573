package dev.claudeconnector.cli;

import dev.claudeconnector.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code stop}: stops the proxy on the configured port, found through its health answer and pid file. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Stop the proxy running on the port (the background one 'claude' or 'env' started, or a 'serve'"
                + " in another terminal). Answers it is streaming finish first; then the port is free."},
        footer = {"", "Examples:",
                "  ${sys:connector.command} stop",
                "  ${sys:connector.command} stop --port 22661",
                "Exit codes: 0 stopped or nothing was running, 1 the port is held by another program or the proxy did not stop."})
final class StopCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Option(names = "--now", description = "Do not wait for running answers: end the proxy at once.")
    boolean now;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Settings settings = options.load();
        return ProxyProcess.stop(settings, now, spec.commandLine().getOut(), spec.commandLine().getErr()) ? 0 : 1;
    }
}
