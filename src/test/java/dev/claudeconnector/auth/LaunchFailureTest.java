package dev.claudeconnector.auth;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a failed browser launch is turned into; the texts are Playwright 1.62's and Chromium's own. */
class LaunchFailureTest {
    /** Playwright's error for a headed Chromium without an X server, shortened (as seen with Debian's Chromium). */
    private static final String NO_X_SERVER = """
            Error {
              message='Target page, context or browser has been closed
            Browser logs:

            ╔═══════════════════════════════════════════╗
            ║ Looks like you launched a headed browser without having a XServer running.                     ║
            ╚═══════════════════════════════════════════╝
              name='TargetClosedError
            Call log:
            -   - <launching> /usr/bin/chromium --no-sandbox --user-data-dir=/tmp/p about:blank
            -   - [pid=6754][err] [6754:6754:1201/161117.927229:ERROR:ui/ozone/platform/x11/ozone_platform_x11.cc:257] Missing X server or $DISPLAY
            -   - [pid=6754][err] [6754:6754:1201/161117.927666:ERROR:ui/aura/env.cc:253] The platform failed to initialize.  Exiting.
            """;
    private static final String CRASHED = """
            Error {
              message='Target page, context or browser has been closed
              name='TargetClosedError
            Call log:
            -   - [pid=77][err] [77:77:1201/161117.9:FATAL:content/browser/zygote_host/zygote_host_impl_linux.cc:128] No usable sandbox!
            """;

    @Test
    void noXServerBecomesTheNoDisplayAdvice() {
        SignInException e = BrowserSession.launchFailed("/usr/bin/chromium", NO_X_SERVER, Map.of(), null);
        assertTrue(e.getMessage().startsWith("No display for the sign-in window (neither DISPLAY nor WAYLAND_DISPLAY is set)."
                + " The first sign-in needs a visible browser window"), e.getMessage());
        assertFalse(e.getMessage().contains("--browser"), "another browser would not help");

        SignInException dead = BrowserSession.launchFailed("/usr/bin/chromium", NO_X_SERVER, Map.of("DISPLAY", ":5"), null);
        assertTrue(dead.getMessage().startsWith("No display for the sign-in window (the browser could not open the display"
                + " DISPLAY=:5 (no X server or Wayland compositor answers there))."), dead.getMessage());
    }

    @Test
    void otherFailuresNameTheBrowsersOwnWordsNotErrorBrace() {
        SignInException e = BrowserSession.launchFailed("/opt/chrome", CRASHED, Map.of("DISPLAY", ":0"), null);
        assertEquals("could not start the browser /opt/chrome: Target page, context or browser has been closed"
                + " (the browser said: No usable sandbox!). Pass another with --browser PATH.", e.getMessage());
        assertEquals("Executable doesn't exist at /x", BrowserSession.launchProblem("Executable doesn't exist at /x\nmore"));
        assertEquals("unknown error", BrowserSession.launchProblem(null));
    }

    @Test
    void displayIsMissingOnlyWhereNeitherVariableIsSet() {
        assertEquals(Optional.of("neither DISPLAY nor WAYLAND_DISPLAY is set"), Display.missing(Map.of(), "Linux"));
        assertEquals(Optional.of("neither DISPLAY nor WAYLAND_DISPLAY is set"), Display.missing(Map.of("DISPLAY", " "), "Linux"));
        assertEquals(Optional.empty(), Display.missing(Map.of("DISPLAY", ":0"), "Linux"));
        assertEquals(Optional.empty(), Display.missing(Map.of("WAYLAND_DISPLAY", "wayland-0"), "Linux"));
        assertEquals(Optional.empty(), Display.missing(Map.of(), "Mac OS X"));
        assertEquals(Optional.empty(), Display.missing(Map.of(), "Windows 11"));
    }
}
