package dev.claudeconnector.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code login} as a user runs it: a separate JVM, a visible browser window (on a virtual display,
 * {@code xvfb-run}), the person signing in (the fake IdP's auto-submit). Then a headless
 * {@code refresh} presents the visible browser's user agent, so the IdP sees the same device.
 */
class HeadedLoginTest {
    @TempDir
    Path dir;

    private static Process cli(SsoFixture sso, Path log, boolean virtualDisplay, String... args) throws Exception {
        return SeparateJvm.start(sso, log, virtualDisplay, args);
    }

    @Test
    void visibleLoginOnAVirtualDisplayThenHeadlessRefreshAsTheSameDevice() throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/xvfb-run")),
                "the headed test needs xvfb-run (apt-get install xvfb); .ci/run installs it");
        try (SsoFixture sso = new SsoFixture(dir, "")) {
            sso.idp.setAutoSubmit(true);
            Path loginLog = dir.resolve("login.log");
            Process login = cli(sso, loginLog, true, "login", "--timeout", "60");
            assertTrue(login.waitFor(90, TimeUnit.SECONDS), "login finished");
            String out = Files.readString(loginLog);
            assertEquals(0, login.exitValue(), out);
            assertTrue(out.contains("Signed in as Ada Lovelace <ada@example.org>; token expires at"), out);
            String token = sso.savedToken();
            assertTrue(sso.webui.isValid(token));
            String visibleAgent = sso.idp.userAgents().getFirst();
            assertFalse(visibleAgent.contains("HeadlessChrome"), "a visible browser: " + visibleAgent);

            sso.idp.setAutoSubmit(false);
            Path refreshLog = dir.resolve("refresh.log");
            Process refresh = cli(sso, refreshLog, false, "refresh");
            assertTrue(refresh.waitFor(60, TimeUnit.SECONDS), "refresh finished");
            assertEquals(0, refresh.exitValue(), Files.readString(refreshLog));
            assertTrue(sso.webui.isValid(sso.savedToken()));
            assertFalse(token.equals(sso.savedToken()));
            assertEquals(visibleAgent, sso.idp.userAgents().getLast(), "headless renewal, same user agent");
        }
    }
}
