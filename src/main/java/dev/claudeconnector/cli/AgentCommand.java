package dev.claudeconnector.cli;

import picocli.CommandLine.Command;

/** The top-level command; each word is a subcommand. */
@Command(name = "agent.jar",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Use the Claude Code CLI with the Claude models behind your Open WebUI.",
        subcommands = {ServeCommand.class, LoginCommand.class, RefreshCommand.class, StatusCommand.class, EnvCommand.class, ClaudeCommand.class, ModelsCommand.class,
                StopCommand.class, RestartCommand.class, CompletionCommand.class, TrainCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 bad usage.",
                "Example: ${sys:connector.command} serve --port 22660"})
final class AgentCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
