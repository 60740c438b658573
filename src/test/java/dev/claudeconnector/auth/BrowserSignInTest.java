package dev.claudeconnector.auth;

import dev.claudeconnector.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code login} and {@code refresh} with a real (headless) Chromium driven by Playwright against
 * the fake IdP and Open WebUI, through the command line as a user runs them.
 */
class BrowserSignInTest {
    @TempDir
    Path dir;

    /** A command's outcome and how long it took. */
    private record Run(int exit, String out, String err, Duration took) {
    }

    private static Run cli(String... args) {
        Instant start = Instant.now();
        CliRun run = CliRun.of(args);
        return new Run(run.exit(), run.out(), run.err(), Duration.between(start, Instant.now()));
    }

    private static Run login(SsoFixture sso) {
        sso.idp.setAutoSubmit(true); // stands in for the person typing into the window
        return cli(sso.flags("login", "--headless", "--timeout", "60"));
    }

    @Test
    void loginStoresAValidTokenWithMode0600AndKeepsOtherLines() throws Exception {
        try (SsoFixture sso = new SsoFixture(dir, "")) {
            Files.writeString(sso.authFile, "# my settings\nexport CONNECTOR_LOCAL_KEY='ck-keep-me'\n");
            Run run = login(sso);
            assertEquals(0, run.exit(), run.err());
            String token = sso.savedToken();
            assertTrue(sso.webui.isValid(token), "the saved token works upstream");
            assertEquals(sso.webui.tokens().getLast(), token);
            assertTrue(run.out().contains("Signed in as Ada Lovelace <ada@example.org>; token expires at "), run.out());
            String file = Files.readString(sso.authFile);
            assertTrue(file.startsWith("# my settings\nexport CONNECTOR_LOCAL_KEY='ck-keep-me'\n"), file);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sso.authFile)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sso.profile)));
            Path signedIn = sso.profile.resolve(ProfileFolder.SIGNED_IN);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(signedIn)),
                    "the sign-in is noted in the profile, for status");
            assertEquals(ProfileFolder.State.SIGNED_IN, ProfileFolder.state(sso.profile, sso.authFile));
            assertEquals(1, sso.idp.loginCount());
            assertTrue(!run.out().contains(token) && !run.err().contains(token), "the token is never printed");
        }
    }

    @Test
    void refreshWithALiveIdpSessionGivesANewValidTokenHeadless() throws Exception {
        try (SsoFixture sso = new SsoFixture(dir, "")) {
            assertEquals(0, login(sso).exit());
            String first = sso.savedToken();
            sso.idp.setAutoSubmit(false); // nobody is at the keyboard now

            Run run = cli(sso.flags("refresh"));
            assertEquals(0, run.exit(), run.err());
            String second = sso.savedToken();
            assertNotEquals(first, second, "a new token, not the one still in the profile's cookie jar");
            assertTrue(sso.webui.isValid(second));
            assertEquals(1, sso.idp.silentAuthorizeCount(), "SSO finished silently with the IdP session");
            assertEquals(1, sso.idp.loginCount(), "no second form login");
            assertTrue(run.out().contains("Token refreshed for Ada Lovelace <ada@example.org>"), run.out());
            assertEquals(sso.idp.userAgents().getFirst(), sso.idp.userAgents().getLast(),
                    "the renewal presents the same user agent as the sign-in");
        }
    }

    @Test
    void refreshWithAnEndedIdpSessionFailsFastAndLeavesTheFileAlone() throws Exception {
        try (SsoFixture sso = new SsoFixture(dir, "")) {
            assertEquals(0, login(sso).exit());
            sso.idp.setAutoSubmit(false);
            sso.idp.endAllSessions();
            String before = Files.readString(sso.authFile);

            Run run = cli(sso.flags("refresh"));
            assertEquals(1, run.exit());
            assertTrue(run.err().contains("The token cannot be renewed without you: the identity provider asks for your password"
                    + " (localhost). Sign in with 'java -jar target/agent.jar login'"), run.err());
            assertTrue(run.took().compareTo(Duration.ofSeconds(10)) < 0, "fails fast when the IdP shows its form: " + run.took());
            assertEquals(before, Files.readString(sso.authFile));
            assertEquals(ProfileFolder.State.SIGNED_IN, ProfileFolder.state(sso.profile, sso.authFile),
                    "a failure keeps the profile an earlier sign-in made");
        }
    }

    @Test
    void loginThatNobodyFinishesTimesOutAndLeavesTheFileAlone() throws Exception {
        try (SsoFixture sso = new SsoFixture(dir, "")) {
            Files.writeString(sso.authFile, "export WEBUI_SESSION_TOKEN='old'\n");
            Run run = cli(sso.flags("login", "--headless", "--timeout", "3"));
            assertEquals(1, run.exit());
            assertTrue(run.out().contains("(waiting up to 3 s)"), run.out());
            assertTrue(run.err().contains("error: no sign-in within 3 s; the auth file is unchanged. Run"
                    + " 'java -jar target/agent.jar login' again"), run.err());
            assertEquals("export WEBUI_SESSION_TOKEN='old'\n", Files.readString(sso.authFile));
            assertEquals(0, sso.webui.tokensIssued());
            assertFalse(Files.exists(sso.profile), "the profile folder this failed attempt created is gone");
        }
    }
}
