package dev.claudeconnector.auth;

import dev.claudeconnector.openwebui.Account;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenRefresherTest {
    @TempDir
    Path dir;

    private Credentials credentials(String token) throws Exception {
        Path f = dir.resolve(".auth.env");
        Files.writeString(f, "export WEBUI_SESSION_TOKEN='" + token + "'\n");
        return new Credentials(new AuthFile(f), Map.of());
    }

    private static SessionRenewer.Result result(String token) {
        return new SessionRenewer.Result(token, new Account("Ada", "ada@example.org", "user", Optional.empty()),
                TokenFacts.of(token));
    }

    /** A refresher whose every renewal fails as an ended SSO session does, on a clock the test moves. */
    private static TokenRefresher alwaysFailing(Credentials creds, AtomicInteger calls, Instant[] now) {
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId z) { return this; }
            public Instant instant() { return now[0]; }
        };
        return new TokenRefresher(creds, () -> {
            calls.incrementAndGet();
            throw new SignInException(SignInAdvice.ssoEnded(Path.of(".auth.env")));
        }, clock, Duration.ofMinutes(1));
    }

    @Test
    void concurrentRejectionsShareOneRenewal() throws Exception {
        Credentials creds = credentials("old");
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        TokenRefresher refresher = new TokenRefresher(creds, () -> {
            calls.incrementAndGet();
            try {
                release.await();
                creds.storeToken("new");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return result("new");
        }, Clock.systemUTC(), Duration.ofMinutes(1));
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            answers.add(pool.submit(() -> refresher.tokenAfterRejection("old")));
        }
        Thread.sleep(300); // all 16 are waiting on the one renewal
        release.countDown();
        for (Future<String> a : answers) {
            assertEquals("new", a.get());
        }
        assertEquals(1, calls.get());
        assertEquals(1, refresher.renewals());
        assertEquals("new", refresher.tokenAfterRejection("old"), "a late 401 for the old token uses the new one");
        assertEquals(1, calls.get());
    }

    @Test
    void afterAFailureFurtherRejectionsFailFastUntilTheFileChanges() throws Exception {
        Credentials creds = credentials("old");
        AtomicInteger calls = new AtomicInteger();
        Instant[] now = {Instant.parse("2026-11-25T10:00:00Z")};
        TokenRefresher refresher = alwaysFailing(creds, calls, now);

        SignInException first = assertThrows(SignInException.class, () -> refresher.tokenAfterRejection("old"));
        assertTrue(first.getMessage().contains("login"));
        for (int i = 0; i < 5; i++) {
            assertThrows(SignInException.class, () -> refresher.tokenAfterRejection("old"));
        }
        assertEquals(1, calls.get(), "no browser storm");

        now[0] = now[0].plusSeconds(61);
        assertThrows(SignInException.class, () -> refresher.tokenAfterRejection("old"));
        assertEquals(2, calls.get(), "tried again after the cool-down");

        // A touch of the auth file (the user did something) ends the cool-down at once...
        Path f = creds.file().path();
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));
        assertThrows(SignInException.class, () -> refresher.tokenAfterRejection("old"));
        assertEquals(3, calls.get());
        // ...and a new token in it is used without any renewal.
        Files.writeString(f, "export WEBUI_SESSION_TOKEN='hand-edited'\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(10)));
        assertEquals("hand-edited", refresher.tokenAfterRejection("old"));
        assertEquals(3, calls.get());
    }

    @Test
    void proactiveRenewalDoesNotRetryAFailureUntilTheFileChanges() throws Exception {
        Credentials creds = credentials("old");
        AtomicInteger calls = new AtomicInteger();
        Instant[] now = {Instant.parse("2026-11-25T10:00:00Z")};
        TokenRefresher refresher = alwaysFailing(creds, calls, now);
        refresher.renewInBackground();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (calls.get() == 0 || refresher.isRenewing()) {
            assertTrue(System.nanoTime() < deadline, "the background renewal ran");
            Thread.sleep(20);
        }
        now[0] = now[0].plus(Duration.ofHours(1));
        refresher.renewInBackground();
        Thread.sleep(100);
        assertEquals(1, calls.get(), "an hour later, file unchanged: no new browser");

        Files.setLastModifiedTime(creds.file().path(), FileTime.from(Instant.now().plusSeconds(30)));
        refresher.renewInBackground();
        deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (calls.get() < 2) {
            assertTrue(System.nanoTime() < deadline, "the user touched the auth file: renewal tried again");
            Thread.sleep(20);
        }
    }
}
