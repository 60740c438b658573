package dev.claudeconnector.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code login} where no window can be shown (an ssh session, a container) used to say "could not start the
 * browser /usr/bin/chromium: Error {. Pass another with --browser PATH." and then "Sign-in interrupted".
 * It now says that there is no display and what to do instead, and leaves no profile folder behind.
 */
class NoDisplayLoginTest {
    private static final String ADVICE = "The first sign-in needs a visible browser window: run"
            + " 'java -jar target/agent.jar login' in a desktop session, over 'ssh -X', or (for tests) under 'xvfb-run -a'."
            + " 'java -jar target/agent.jar login --headless' works only while your SSO session is still alive.";

    @TempDir
    Path dir;

    @Test
    void noDisplayVariableIsSaidBeforeAnyBrowserStarts() throws Exception {
        try (SsoFixture sso = new SsoFixture(dir, "")) {
            SeparateJvm.Result run = SeparateJvm.run(sso, dir.resolve("login.log"), 60, "login", "--timeout", "20");

            assertEquals(1, run.exit(), run.output());
            assertTrue(run.output().contains("error: No display for the sign-in window (neither DISPLAY nor WAYLAND_DISPLAY"
                    + " is set). " + ADVICE), run.output());
            assertFalse(run.output().contains("Opening "), "no window is promised: " + run.output());
            assertNotMisleading(run.output());
            assertFalse(Files.exists(sso.profile), "no profile folder for a sign-in that never started");
            assertFalse(Files.exists(sso.profile.getParent()), "nor the folder above it");
            assertEquals(0, sso.idp.userAgents().size(), "no browser reached the IdP");
        }
    }

    @Test
    void aDisplayNobodyServesIsRecognisedFromTheBrowsersOwnWords() throws Exception {
        try (SsoFixture sso = new SsoFixture(dir, "")) {
            SeparateJvm.Result run = SeparateJvm.run(sso, dir.resolve("login.log"), 90, Map.of("DISPLAY", ":987"),
                    "login", "--timeout", "20");

            assertEquals(1, run.exit(), run.output());
            assertTrue(run.output().contains("error: No display for the sign-in window (the browser could not open the"
                    + " display DISPLAY=:987 (no X server or Wayland compositor answers there)). " + ADVICE), run.output());
            assertNotMisleading(run.output());
            assertFalse(Files.exists(sso.profile), "the folder the failed launch created is gone again");
            assertFalse(Files.exists(sso.profile.getParent()), "and so is the one above it, created for it");
        }
    }

    private static void assertNotMisleading(String output) {
        assertFalse(output.contains("Sign-in interrupted"), "nothing interrupted it: " + output);
        assertFalse(output.contains("Error {"), output);
        assertFalse(output.contains("--browser PATH"), "another browser would not help: " + output);
    }
}
