package dev.claudeconnector.auth;

import dev.claudeconnector.config.FileTree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The browser profile folder as the agent sees it: created with mode 0700 for a use, removed again
 * when that use created it and failed, and marked once a sign-in with it succeeded, so {@code status}
 * can tell a profile that holds an SSO session from one a failed attempt left behind.
 */
public final class ProfileFolder {
    /** Written (0600) after each successful sign-in with this profile; holds the time, nothing secret. */
    public static final String SIGNED_IN = ".connector-signed-in";
    private static final System.Logger LOG = System.getLogger(ProfileFolder.class.getName());

    /** What {@code status} reports about a profile folder. */
    public enum State {
        /** No folder at all. */
        ABSENT,
        /** A folder with nothing in it. */
        EMPTY,
        /** Files, but no sign-in finished with them (a failed or abandoned attempt). */
        UNFINISHED,
        /** A sign-in succeeded with this profile. */
        SIGNED_IN
    }

    private ProfileFolder() {
    }

    /**
     * The state of {@code profile}. A profile from before the marker existed counts as signed in when
     * it holds the user agent a visible {@code login} saves right after its window opened, and the auth
     * file got a token after that: a sign-in in that window is what writes the token after the window
     * opened. (Chromium's own "Local State" is no such sign: it is written even by a launch that fails.)
     */
    public static State state(Path profile, Path authFile) {
        if (!Files.isDirectory(profile)) {
            return State.ABSENT;
        }
        try (Stream<Path> entries = Files.list(profile)) {
            if (entries.findAny().isEmpty()) {
                return State.EMPTY;
            }
        } catch (IOException e) {
            return State.UNFINISHED;
        }
        if (Files.isRegularFile(profile.resolve(SIGNED_IN)) || signedInBeforeMarkers(profile, authFile)) {
            return State.SIGNED_IN;
        }
        return State.UNFINISHED;
    }

    private static boolean signedInBeforeMarkers(Path profile, Path authFile) {
        Path userAgent = profile.resolve(BrowserSession.USER_AGENT_FILE);
        try {
            if (!Files.isRegularFile(userAgent) || !Files.isRegularFile(authFile)) {
                return false;
            }
            String token = new AuthFile(authFile).read().get(Credentials.TOKEN_VAR);
            FileTime windowOpened = Files.getLastModifiedTime(userAgent);
            return token != null && !token.isBlank() && !Credentials.isPlaceholder(token)
                    && Files.getLastModifiedTime(authFile).compareTo(windowOpened) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Records that a sign-in with {@code profile} succeeded at {@code when}; a failure to write is logged, not fatal. */
    static void markSignedIn(Path profile, Instant when) {
        try {
            Path temp = Files.createTempFile(profile, SIGNED_IN, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temp, when + "\n", StandardCharsets.UTF_8);
                Files.move(temp, profile.resolve(SIGNED_IN), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.WARNING, "signed in, but could not note it in {0} ({1}); status may say"
                    + " the login is not finished", profile, e.getMessage());
        }
    }

    /** The outermost folder on the way to {@code profile} that does not exist yet; empty when the profile exists. */
    static Optional<Path> firstMissing(Path profile) {
        Path missing = null;
        for (Path p = profile.toAbsolutePath().normalize(); p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return Optional.ofNullable(missing);
    }

    /** The profile folder, created (or tightened) to mode 0700: it holds the user's SSO cookies. */
    static Path prepare(Path profile) {
        try {
            Files.createDirectories(profile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(profile, PosixFilePermissions.fromString("rwx------"));
            return profile;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the browser profile folder " + profile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes {@code profile} with everything in it, then the empty folders above it up to {@code top}
     * (the outermost one this attempt created). Best effort: what cannot go stays, and is logged.
     */
    static void discard(Path profile, Path top) {
        Path dir = profile.toAbsolutePath().normalize();
        try {
            try {
                FileTree.delete(dir);
            } catch (IOException | UncheckedIOException stillWriting) {
                FileTree.delete(dir); // a closing browser may still have been writing: once more
            }
            for (Path p = dir.getParent(); p != null && p.startsWith(top); p = p.getParent()) {
                Files.deleteIfExists(p);
            }
            LOG.log(System.Logger.Level.DEBUG, "removed the profile folder {0} this failed attempt created", dir);
        } catch (DirectoryNotEmptyException someoneElses) {
            // a folder above the profile got other content meanwhile: it stays
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not remove the profile folder {0} after a failed attempt: {1}",
                    dir, e.getMessage());
        }
    }
}
