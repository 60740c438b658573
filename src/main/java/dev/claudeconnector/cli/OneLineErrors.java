package dev.claudeconnector.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Errors reach the user as one line that says what to do; the stack trace only at debug level. */
final class OneLineErrors implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        return report(e, cli.getErr());
    }

    /** Prints {@code e} as one line on {@code err} (its trace too when debugging) and gives the exit code, 1. */
    static int report(Exception e, java.io.PrintWriter err) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        err.println("error: " + message);
        if (Logging.debugEnabled()) {
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }
}
