package dev.claudeconnector.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Errors reach the user as one line that says what to do; the stack trace only at debug level. */
final class OneLineErrors implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        cli.getErr().println("error: " + message);
        if (Logging.debugEnabled()) {
            e.printStackTrace(cli.getErr());
        }
        return 1;
    }
}
