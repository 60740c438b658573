package dev.claudeconnector.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An IdP whose SSO cookie has no Max-Age/Expires (a session cookie, as many enterprise IdPs set it):
 * Chromium forgets it whenever the browser closes, yet the session a person created with {@code login}
 * must carry through headless renewals in later processes and in a proxy started afresh, for as long as
 * the IdP keeps it alive. Real headless Chromium against the fakes; every command in a JVM of its own.
 */
class SessionOnlyIdpCookieTest {
    @TempDir
    Path dir;

    private static SeparateJvm.Result login(SsoFixture sso) throws Exception {
        sso.idp.setAutoSubmit(true); // the person typing into the window
        SeparateJvm.Result run = SeparateJvm.run(sso, sso.dir.resolve("login.log"), 90, "login", "--headless", "--timeout", "60");
        sso.idp.setAutoSubmit(false); // from here on nobody is at the keyboard
        return run;
    }

    @Test
    void loginThenRefreshesInOtherProcessesThenAProxyStartedAfreshAllRenewWithoutAPassword() throws Exception {
        try (SsoFixture sso = new SsoFixture(dir, "")) {
            sso.idp.setSessionOnlyCookie(true);
            SeparateJvm.Result login = login(sso);
            assertEquals(0, login.exit(), login.output());
            Path copy = sso.profile.resolve(SessionCookies.FILE);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sso.profile)));

            List<String> tokens = new ArrayList<>(List.of(sso.savedToken()));
            for (int i = 1; i <= 2; i++) {
                SeparateJvm.Result refresh = SeparateJvm.run(sso, dir.resolve("refresh" + i + ".log"), 90, "refresh");
                assertEquals(0, refresh.exit(), "refresh " + i + ": " + refresh.output());
                assertTrue(refresh.output().contains("Token refreshed for Ada Lovelace"), refresh.output());
                tokens.add(sso.savedToken());
            }

            // serve restarted: a new refresher and renewer in this JVM, renewing after a 401.
            Credentials credentials = sso.credentials();
            TokenRefresher refresher = new TokenRefresher(credentials, sso.renewer(credentials)::refresh,
                    Clock.systemUTC(), sso.settings().auth().retryAfterFailure());
            tokens.add(refresher.tokenAfterRejection(tokens.getLast()));
            assertEquals(tokens.getLast(), sso.savedToken());

            assertEquals(4, tokens.stream().distinct().count(), "a new token each time");
            assertTrue(sso.webui.isValid(tokens.getLast()));
            assertEquals(1, sso.idp.loginCount(), "the password was typed once, at login");
            assertEquals(1, sso.idp.loginPagesShown());
            assertEquals(3, sso.idp.silentAuthorizeCount(), "three silent SSO round trips");
            assertEquals(1, sso.idp.sessionCount());
        }
    }

    @Test
    void withoutTheSavedCopyTheBrowserHasForgottenTheSessionAndARefreshNeedsAPerson() throws Exception {
        try (SsoFixture sso = new SsoFixture(dir, "")) {
            sso.idp.setSessionOnlyCookie(true);
            assertEquals(0, login(sso).exit());
            Files.delete(sso.profile.resolve(SessionCookies.FILE));
            byte[] before = Files.readAllBytes(sso.authFile);

            SignInException e = assertThrows(SignInException.class, () -> sso.renewer(sso.credentials()).refresh());
            assertTrue(e.needsPerson(), e.getMessage());
            assertTrue(e.getMessage().contains("Sign in with '"), e.getMessage());
            assertEquals(0, sso.idp.silentAuthorizeCount());
            assertEquals(1, sso.idp.sessionCount(), "the IdP still has the session; only the browser forgot it");
            assertArrayEquals(before, Files.readAllBytes(sso.authFile), "the auth file is untouched");
        }
    }

    @Test
    void anIdpThatEndedTheSessionIsNotRevivedByTheCopy() throws Exception {
        try (SsoFixture sso = new SsoFixture(dir, "")) {
            sso.idp.setSessionOnlyCookie(true);
            assertEquals(0, login(sso).exit());
            String token = sso.savedToken();
            sso.idp.endAllSessions(); // the IdP's own timeout or a logout elsewhere

            SignInException e = assertThrows(SignInException.class, () -> sso.renewer(sso.credentials()).refresh());
            assertTrue(e.needsPerson(), e.getMessage());
            assertEquals(token, sso.savedToken());
            assertNotEquals(0, sso.idp.loginPagesShown());
        }
    }
}
