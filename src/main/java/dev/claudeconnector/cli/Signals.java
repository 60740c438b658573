package dev.claudeconnector.cli;

/**
 * While a child owns the terminal (Claude Code), Ctrl-C is for the child: the terminal sends
 * SIGINT to the whole foreground group, and this JVM must not die from it and leave the child
 * behind. JDK's {@code sun.misc.Signal} is the only way to ignore a signal from Java.
 */
final class Signals {
    private Signals() {
    }

    @SuppressWarnings("restriction")
    static void ignoreInterrupt() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> { });
        } catch (IllegalArgumentException | UnsupportedOperationException unsupported) {
            // a platform without SIGINT: nothing to ignore
        }
    }
}
