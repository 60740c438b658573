package dev.claudeconnector.cli;

import java.util.List;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * One-line log records on stderr ({@link StderrLines}), at the level the user chose. At {@code FINE} (debug) only the
 * agent's own loggers ({@value #OURS}.*) say more: Helidon, Playwright and the JDK stay at
 * {@code INFO}, since a hundred lines of their internals hide the agent's steps. {@code FINER},
 * {@code FINEST} and {@code ALL} open every logger.
 */
final class Logging {
    static final String OURS = "dev.claudeconnector";
    private static volatile boolean debug;
    /** Held here: the log manager keeps loggers only weakly, and a collected logger forgets its level. */
    private static volatile List<Logger> configured = List.of();

    private Logging() {
    }

    static void configure(String level) {
        Level parsed = parse(level);
        debug = parsed.intValue() <= Level.FINE.intValue();
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler console = new StderrLines();
        console.setLevel(parsed);
        root.addHandler(console);
        boolean everything = parsed.intValue() < Level.FINE.intValue();
        // Libraries: never below INFO unless the user asked for more than debug.
        root.setLevel(everything ? parsed : max(parsed, Level.INFO));
        Logger ours = Logger.getLogger(OURS);
        ours.setLevel(parsed);
        // Helidon's own start-up chatter is noise for a user; its warnings still show.
        Logger helidon = Logger.getLogger("io.helidon");
        helidon.setLevel(everything ? parsed : debug ? Level.INFO : max(parsed, Level.WARNING));
        configured = List.of(root, ours, helidon);
    }

    /** Writes the lines still waiting ({@link StderrLines}): a command's lines are all out when it returns. */
    static void flush() {
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handler.flush();
        }
    }

    static boolean debugEnabled() {
        return debug;
    }

    private static Level max(Level a, Level b) {
        return a.intValue() >= b.intValue() ? a : b;
    }

    private static Level parse(String level) {
        String l = level == null ? "INFO" : level.trim().toUpperCase(Locale.ROOT);
        return switch (l) {
            case "DEBUG" -> Level.FINE;
            case "TRACE" -> Level.FINEST;
            case "WARN" -> Level.WARNING;
            case "ERROR" -> Level.SEVERE;
            default -> {
                try {
                    yield Level.parse(l);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown log level '" + level
                            + "': use SEVERE, WARNING, INFO, FINE (the agent's own steps) or FINEST (everything)");
                }
            }
        };
    }
}
