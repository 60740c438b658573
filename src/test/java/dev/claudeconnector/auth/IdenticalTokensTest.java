package dev.claudeconnector.auth;

import dev.claudeconnector.auth.fake.Jwts;
import dev.claudeconnector.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Open WebUI before 0.6.40 with {@code JWT_EXPIRES_IN=-1} mints the same {@code {id}}-only token at every
 * sign-in, so "a token not seen before" never comes: {@code login} and {@code refresh} must recognise the
 * finished sign-in by Open WebUI's callback and take the token again, promptly rather than at their timeout.
 * Real headless Chromium against the fakes.
 */
class IdenticalTokensTest {
    @TempDir
    Path dir;

    private record Run(CliRun result, Duration took) {
    }

    private static Run cli(String... args) {
        Instant start = Instant.now();
        CliRun run = CliRun.of(args);
        return new Run(run, Duration.between(start, Instant.now()));
    }

    @Test
    void loginAgainAndRefreshTakeTheIdenticalTokenAtOnce() throws Exception {
        try (SsoFixture sso = new SsoFixture(dir, "")) {
            sso.webui.setVersion("0.6.30");
            sso.webui.setIdOnlyTokens(true);
            sso.idp.setAutoSubmit(true);
            Run first = cli(sso.flags("login", "--headless", "--timeout", "25"));
            assertEquals(0, first.result().exit(), first.result().err());
            String token = sso.savedToken();
            assertEquals(Set.of("id"), Jwts.decode(token).keySet(), "an {id}-only token");

            // The token is now in the auth file and in the browser's cookie jar: nothing new will ever appear.
            Run again = cli(sso.flags("login", "--headless", "--timeout", "25"));
            assertEquals(0, again.result().exit(), again.result().err());
            assertTrue(again.result().out().contains("Signed in as Ada Lovelace <ada@example.org>; token does not expire"),
                    again.result().out());

            sso.idp.setAutoSubmit(false); // nobody at the keyboard
            Run refresh = cli(sso.flags("refresh"));
            assertEquals(0, refresh.result().exit(), refresh.result().err());
            assertTrue(refresh.result().out().contains("Token refreshed for Ada Lovelace"), refresh.result().out());

            for (Run run : List.of(again, refresh)) {
                assertTrue(run.took().compareTo(Duration.ofSeconds(15)) < 0, "finished by the callback, not a timeout: " + run.took());
            }
            assertEquals(3, sso.webui.tokensIssued(), "three sign-ins");
            assertEquals(1, sso.webui.tokens().stream().distinct().count(), "all byte-identical");
            assertEquals(token, sso.savedToken());
            assertEquals(sso.webui.tokens().getLast(), sso.savedToken());
            assertTrue(sso.webui.isValid(sso.savedToken()));
            assertEquals(2, sso.idp.silentAuthorizeCount(), "the second login and the refresh went through silently");
        }
    }
}
