package dev.claudeconnector.auth;

import com.microsoft.playwright.options.Cookie;
import dev.claudeconnector.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Open WebUI 0.6.27+ sets an HttpOnly {@code oauth_session_id} cookie beside {@code token} on the OAuth
 * callback; sign-in (a real headless Chromium against the fakes) keeps it in the auth file as
 * {@code WEBUI_OAUTH_SESSION_ID}, and keeps none when the sign-in set none.
 */
class OauthSessionSignInTest {
    private static final String VAR = Credentials.OAUTH_SESSION_VAR;

    @TempDir
    Path dir;

    private static CliRun login(SsoFixture sso) {
        sso.idp.setAutoSubmit(true); // stands in for the person typing into the window
        return CliRun.of(sso.flags("login", "--headless", "--timeout", "60"));
    }

    private static String saved(SsoFixture sso, String name) throws Exception {
        return new AuthFile(sso.authFile).read().get(name);
    }

    private static long lines(SsoFixture sso, String name) throws Exception {
        return Files.readAllLines(sso.authFile).stream().filter(l -> l.startsWith("export " + name + "=")).count();
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void loginAndRefreshKeepTheOauthSessionIdTheCallbackSetBesideTheToken() throws Exception {
        try (SsoFixture sso = new SsoFixture(dir, "")) {
            Files.writeString(sso.authFile, "# my settings\nexport CONNECTOR_LOCAL_KEY='ck-keep-me'\n");
            CliRun first = login(sso);
            assertEquals(0, first.exit(), first.err());
            assertEquals(1, sso.webui.oauthSessionIds().size());
            String id = sso.webui.oauthSessionIds().getLast();
            assertEquals(id, saved(sso, VAR), "the cookie the fake Open WebUI issued");
            assertEquals(sso.webui.tokens().getLast(), sso.savedToken());
            assertEquals("rw-------", mode(sso.authFile));
            assertTrue(Files.readString(sso.authFile).startsWith("# my settings\nexport CONNECTOR_LOCAL_KEY='ck-keep-me'\n"));
            assertFalse(first.out().contains(id) || first.err().contains(id), "the session id is never printed");

            sso.idp.setAutoSubmit(false); // nobody is at the keyboard now
            CliRun refresh = CliRun.of(sso.flags("refresh"));
            assertEquals(0, refresh.exit(), refresh.err());
            String second = sso.webui.oauthSessionIds().getLast();
            assertNotEquals(id, second);
            assertEquals(second, saved(sso, VAR), "the refresh's own session, not the one Open WebUI deleted");
            assertFalse(sso.webui.isLiveOauthSession(id));
            assertTrue(sso.webui.isLiveOauthSession(second));
            assertEquals(1, lines(sso, VAR));
            assertEquals(sso.webui.tokens().getLast(), sso.savedToken());
            assertEquals("rw-------", mode(sso.authFile));
            assertEquals("ck-keep-me", saved(sso, Credentials.LOCAL_KEY_VAR));
            assertFalse(refresh.out().contains(second) || refresh.err().contains(second), "the session id is never printed");
            assertEquals(second, sso.credentials().oauthSessionId().orElseThrow());
        }
    }

    @Test
    void olderOpenWebUiSetsNoSessionCookieSoNoneIsStoredAndAStaleOneGoes() throws Exception {
        try (SsoFixture sso = new SsoFixture(dir, "")) {
            sso.webui.setVersion("0.6.26");
            Files.writeString(sso.authFile, "export CONNECTOR_LOCAL_KEY='ck-keep-me'\nexport " + VAR + "='stale-from-before'\n");
            // A cookie of that name already in the profile (from an earlier sign-in) is not this sign-in's.
            BrowserSession.open(sso.settings().auth(), true, Duration.ofSeconds(30), context -> {
                context.addCookies(List.of(new Cookie(dev.claudeconnector.openwebui.OpenWebUi.OAUTH_SESSION_COOKIE, "left-in-the-profile")
                        .setUrl(sso.webui.baseUrl()).setHttpOnly(true)
                        .setExpires(Instant.now().plus(Duration.ofDays(1)).getEpochSecond())));
                return null;
            });

            CliRun run = login(sso);
            assertEquals(0, run.exit(), run.err());
            assertTrue(sso.webui.oauthSessionIds().isEmpty());
            assertNull(saved(sso, VAR), Files.readString(sso.authFile));
            assertEquals(0, lines(sso, VAR));
            assertEquals(sso.webui.tokens().getLast(), sso.savedToken());
            assertEquals("ck-keep-me", saved(sso, Credentials.LOCAL_KEY_VAR));
            assertEquals("rw-------", mode(sso.authFile));
            assertTrue(sso.credentials().oauthSessionId().isEmpty());
        }
    }

    /** Login and the proxy's renewal path (TokenRefresher), with every log record of every logger captured at ALL. */
    @Test
    void theSessionIdNeverAppearsInTheLogAtAnyLevelAndADowngradeRemovesIt() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                StringBuilder text = new StringBuilder(record.getLevel() + " " + record.getLoggerName() + " "
                        + new SimpleFormatter().formatMessage(record) + " " + record.getMessage());
                if (record.getParameters() != null) {
                    text.append(' ').append(Arrays.deepToString(record.getParameters()));
                }
                if (record.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    record.getThrown().printStackTrace(new PrintWriter(trace));
                    text.append(' ').append(trace);
                }
                log.add(text.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Level rootLevel = root.getLevel();
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        try (SsoFixture sso = new SsoFixture(dir, "")) {
            Credentials credentials = sso.credentials();
            SessionRenewer renewer = sso.renewer(credentials);
            sso.idp.setAutoSubmit(true);
            SessionRenewer.Result login = renewer.login(true, Duration.ofSeconds(60));
            String first = sso.webui.oauthSessionIds().getLast();
            assertEquals(first, saved(sso, VAR));
            assertEquals(first, credentials.oauthSessionId().orElseThrow());

            sso.idp.setAutoSubmit(false);
            TokenRefresher refresher = new TokenRefresher(credentials, renewer::refresh, Clock.systemUTC(),
                    sso.settings().auth().retryAfterFailure());
            String renewed = refresher.tokenAfterRejection(login.token());
            assertEquals(sso.savedToken(), renewed);
            String second = sso.webui.oauthSessionIds().getLast();
            assertNotEquals(first, second);
            assertEquals(second, credentials.oauthSessionId().orElseThrow());

            // Open WebUI downgraded below 0.6.27: the next renewal yields no cookie, and the stale id goes.
            sso.webui.setVersion("0.6.26");
            String third = refresher.tokenAfterRejection(renewed);
            assertNotEquals(renewed, third);
            assertEquals(third, sso.savedToken());
            assertEquals(2, sso.webui.oauthSessionIds().size());
            assertTrue(credentials.oauthSessionId().isEmpty());
            assertEquals(0, lines(sso, VAR));
            assertEquals("rw-------", mode(sso.authFile));

            assertTrue(log.stream().anyMatch(l -> l.contains("token refreshed")), "the log was captured: " + log);
            for (String id : List.of(first, second)) {
                assertTrue(log.stream().noneMatch(l -> l.contains(id)), "the session id was logged");
            }
        } finally {
            root.removeHandler(capture);
            root.setLevel(rootLevel);
        }
    }
}
