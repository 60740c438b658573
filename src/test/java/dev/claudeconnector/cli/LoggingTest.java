package dev.claudeconnector.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --log-level}: FINE is the agent's own steps; the libraries' internals only below it. */
class LoggingTest {
    private static final String[] LIBRARIES = {"io.helidon.service.registry.CoreServiceRegistry",
            "com.microsoft.playwright.impl.Connection", "java.lang.ProcessBuilder",
            "sun.net.www.protocol.http.HttpURLConnection"};

    @AfterEach
    void back() {
        Logging.configure("INFO");
    }

    @Test
    void fineShowsTheAgentsStepsAndKeepsLibrariesAtInfo() {
        Logging.configure("FINE");

        assertTrue(loggable("dev.claudeconnector.auth.SsoSignIn", Level.FINE));
        assertTrue(loggable("dev.claudeconnector.requests", Level.FINE));
        assertTrue(Logging.debugEnabled(), "stack traces of errors at debug level");
        for (String library : LIBRARIES) {
            assertFalse(loggable(library, Level.FINE), library + " stays quiet at FINE");
            assertTrue(loggable(library, Level.INFO), library + " still says what matters");
        }
        assertFalse(loggable("dev.claudeconnector.auth.SsoSignIn", Level.FINER));
    }

    @Test
    void finestShowsEverything() {
        Logging.configure("FINEST");

        assertTrue(loggable("dev.claudeconnector.auth.SsoSignIn", Level.FINEST));
        for (String library : LIBRARIES) {
            assertTrue(loggable(library, Level.FINEST), library);
        }
    }

    @Test
    void infoKeepsHelidonToWarningsAndOurDebugOff() {
        Logging.configure("INFO");

        assertTrue(loggable("dev.claudeconnector.requests", Level.INFO));
        assertFalse(loggable("dev.claudeconnector.auth.SsoSignIn", Level.FINE));
        assertFalse(loggable("io.helidon.webserver.LoomServer", Level.INFO));
        assertTrue(loggable("io.helidon.webserver.LoomServer", Level.WARNING));
        assertFalse(Logging.debugEnabled());
    }

    @Test
    void warningIsQuietEverywhere() {
        Logging.configure("WARNING");

        assertFalse(loggable("dev.claudeconnector.requests", Level.INFO));
        assertTrue(loggable("dev.claudeconnector.requests", Level.WARNING));
        assertFalse(loggable("com.microsoft.playwright.impl.Connection", Level.INFO));
    }

    @Test
    void theLevelSurvivesGarbageCollection() {
        Logging.configure("FINE");
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        assertTrue(loggable("dev.claudeconnector.auth.SsoSignIn", Level.FINE));
        assertFalse(loggable("io.helidon.webserver.http1.Http1Connection", Level.FINE));
    }

    /** As the System.Logger bridge asks: the JUL logger of that name. */
    private static boolean loggable(String name, Level level) {
        return Logger.getLogger(name).isLoggable(level);
    }
}
