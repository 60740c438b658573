package dev.claudeconnector.cli;

import dev.claudeconnector.config.Invocation;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Entry point: {@code java -jar agent.jar <command> [options]}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command and returns its exit code (tests call this), its log lines all written. */
    public static int run(String... args) {
        try {
            return command(args);
        } finally {
            Logging.flush();
        }
    }

    private static int command(String... args) {
        // Help texts name the program as the user runs it: ${sys:connector.command} in the annotations.
        System.setProperty(Invocation.PROPERTY, Invocation.command());
        if (args.length > 0 && args[0].equals("serve")) {
            Optional<ServeCommand> plain = ServeFastPath.parse(Arrays.asList(args).subList(1, args.length));
            if (plain.isPresent()) {
                return withoutPicocli(plain.get());
            }
        }
        if (args.length == 1 && args[0].equals("train")) {
            // As serve's fast path: without picocli, whose classes would otherwise go into the class
            // cache the training makes and be loaded at every start of the proxy (~150 classes).
            return withoutPicocli(new TrainCommand());
        }
        if (args.length > 0 && (args[0].equals("serve") || args[0].equals("train"))) {
            // Only this command's model: picocli builds every subcommand's up front (a third of a
            // second on a busy machine), and the proxy's start is what Claude Code waits for.
            CommandLine one = new CommandLine(args[0].equals("serve") ? new ServeCommand() : new TrainCommand());
            one.setCommandName(Invocation.of(args[0]));
            one.setExecutionExceptionHandler(new OneLineErrors());
            return one.execute(Arrays.copyOfRange(args, 1, args.length));
        }
        CommandLine cli = new CommandLine(new AgentCommand());
        // The usage lines too: "Usage: claude-connector status …", not the annotation's placeholder name.
        cli.setCommandName(Invocation.command());
        cli.setExecutionExceptionHandler(new OneLineErrors());
        return cli.execute(splitPassThrough(cli, args));
    }

    /** Runs a command built without picocli, its failure reported as picocli's handler would. */
    private static int withoutPicocli(Callable<Integer> command) {
        try {
            return command.call();
        } catch (Exception e) {
            return OneLineErrors.report(e, new PrintWriter(System.err, true));
        }
    }

    /**
     * {@code claude [DIR] -- ARGS…}: everything after the first {@code --} belongs to the Claude
     * CLI, untouched (even "-p" or "--model"), so it is taken off before picocli parses.
     */
    private static String[] splitPassThrough(CommandLine cli, String[] args) {
        List<String> all = Arrays.asList(args);
        int dashes = all.indexOf("--");
        if (all.isEmpty() || !"claude".equals(all.getFirst()) || dashes < 0) {
            return args;
        }
        ClaudeCommand claude = cli.getSubcommands().get("claude").getCommand();
        claude.passThrough = List.copyOf(all.subList(dashes + 1, all.size()));
        return all.subList(0, dashes).toArray(String[]::new);
    }
}
