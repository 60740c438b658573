package dev.claudeconnector.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** "login done" only after a sign-in succeeded; a failed attempt's folder goes again. */
class ProfileFolderTest {
    private static final Instant WINDOW_OPENED = Instant.parse("2026-10-01T09:00:00Z");

    @TempDir
    Path dir;

    @Test
    void statesFromAbsentToSignedIn() throws Exception {
        Path profile = dir.resolve("profiles/default");
        Path authFile = dir.resolve(".auth.env");
        assertEquals(ProfileFolder.State.ABSENT, ProfileFolder.state(profile, authFile));
        Files.createDirectories(profile);
        assertEquals(ProfileFolder.State.EMPTY, ProfileFolder.state(profile, authFile));
        Files.writeString(profile.resolve("Local State"), "{}"); // Chromium writes it even when its launch fails
        assertEquals(ProfileFolder.State.UNFINISHED, ProfileFolder.state(profile, authFile));

        ProfileFolder.markSignedIn(profile, Instant.parse("2026-12-01T10:00:00Z"));
        assertEquals(ProfileFolder.State.SIGNED_IN, ProfileFolder.state(profile, authFile));
        Path marker = profile.resolve(ProfileFolder.SIGNED_IN);
        assertEquals("2026-12-01T10:00:00Z\n", Files.readString(marker));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(marker)));
    }

    @Test
    void aProfileFromBeforeMarkersCountsWhenATokenWasSavedAfterItsWindowOpened() throws Exception {
        Path profile = Files.createDirectories(dir.resolve("profile"));
        Path authFile = dir.resolve(".auth.env");
        Path userAgent = profile.resolve(BrowserSession.USER_AGENT_FILE);
        Files.writeString(userAgent, "Mozilla/5.0 (X11; Linux x86_64) Chrome/156");
        Files.setLastModifiedTime(userAgent, FileTime.from(WINDOW_OPENED));
        assertEquals(ProfileFolder.State.UNFINISHED, ProfileFolder.state(profile, authFile), "a window, no token");

        Files.writeString(authFile, "export CONNECTOR_LOCAL_KEY='ck-x'\n");
        assertEquals(ProfileFolder.State.UNFINISHED, ProfileFolder.state(profile, authFile), "a key is no sign-in");
        Files.writeString(authFile, "export WEBUI_SESSION_TOKEN='paste-the-token-here'\n");
        assertEquals(ProfileFolder.State.UNFINISHED, ProfileFolder.state(profile, authFile), "the example's placeholder");

        Files.writeString(authFile, "export WEBUI_SESSION_TOKEN='eyJ.a.b'\n");
        Files.setLastModifiedTime(authFile, FileTime.from(WINDOW_OPENED.minusSeconds(60)));
        assertEquals(ProfileFolder.State.UNFINISHED, ProfileFolder.state(profile, authFile),
                "a token from before the window: that window's sign-in did not finish");
        Files.setLastModifiedTime(authFile, FileTime.from(WINDOW_OPENED.plusSeconds(40)));
        assertEquals(ProfileFolder.State.SIGNED_IN, ProfileFolder.state(profile, authFile));
    }

    @Test
    void discardRemovesTheProfileAndTheEmptyFoldersThisAttemptCreated() throws Exception {
        Path profile = dir.resolve("home/profiles/default");
        Path top = ProfileFolder.firstMissing(profile).orElseThrow();
        assertEquals(dir.resolve("home").toAbsolutePath(), top);
        ProfileFolder.prepare(profile);
        Files.createDirectories(profile.resolve("Default/Cache"));
        Files.writeString(profile.resolve("Default/Cookies"), "x");
        Files.createSymbolicLink(profile.resolve("SingletonLock"), Path.of("host-123"));

        ProfileFolder.discard(profile, top);
        assertFalse(Files.exists(dir.resolve("home")));
        assertTrue(Files.exists(dir), "nothing above what the attempt created");
        assertTrue(ProfileFolder.firstMissing(dir).isEmpty());
    }

    @Test
    void discardKeepsAFolderAboveThatGotOtherContent() throws Exception {
        Path profile = dir.resolve("home/profiles/default");
        Path top = ProfileFolder.firstMissing(profile).orElseThrow();
        ProfileFolder.prepare(profile);
        Files.writeString(dir.resolve("home/proxy.log"), "someone else's");

        ProfileFolder.discard(profile, top);
        assertFalse(Files.exists(dir.resolve("home/profiles")));
        assertTrue(Files.exists(dir.resolve("home/proxy.log")));
    }
}
