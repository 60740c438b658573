package dev.claudeconnector.cli;

import picocli.CommandLine;

/** Entry point: {@code java -jar agent.jar <command> [options]}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command and returns its exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new AgentCommand());
        cli.setExecutionExceptionHandler(new OneLineErrors());
        return cli.execute(args);
    }
}
