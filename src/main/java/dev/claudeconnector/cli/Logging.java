package dev.claudeconnector.cli;

import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** One-line log records on stderr, at the level the user chose. */
final class Logging {
    private static volatile boolean debug;

    private Logging() {
    }

    static void configure(String level) {
        Level parsed = parse(level);
        debug = parsed.intValue() <= Level.FINE.intValue();
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$-7s %5$s%6$s%n");
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler console = new ConsoleHandler();
        console.setFormatter(new SimpleFormatter());
        console.setLevel(parsed);
        root.addHandler(console);
        root.setLevel(parsed);
        // Helidon's own start-up chatter is noise for a user; its warnings still show.
        Logger.getLogger("io.helidon").setLevel(debug ? parsed : Level.WARNING);
    }

    static boolean debugEnabled() {
        return debug;
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
                            + "': use SEVERE, WARNING, INFO or FINE (debug)");
                }
            }
        };
    }
}
