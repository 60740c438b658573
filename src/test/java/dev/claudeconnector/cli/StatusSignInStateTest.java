package dev.claudeconnector.cli;

import dev.claudeconnector.auth.AuthFile;
import dev.claudeconnector.auth.Credentials;
import dev.claudeconnector.auth.ProfileFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local half of {@code status} (no Open WebUI needed): "login done" only after a sign-in succeeded,
 * and an auth file copied from the example (placeholder token, mode 0644) flagged instead of "✓ token present".
 */
class StatusSignInStateTest {
    private static final String EXAMPLE = ".auth.env.example";

    @TempDir
    Path dir;

    @Test
    void aProfileWithoutAFinishedSignInIsNotLoginDone() throws IOException {
        Path profile = Files.createDirectories(dir.resolve("profile"));
        Files.writeString(profile.resolve("Local State"), "{}"); // what a failed launch leaves
        CliRun unfinished = status(profile);
        assertTrue(unfinished.out().contains("✗ browser profile present (optional): " + profile
                + " holds no finished sign-in (login not finished)\n"
                + "  → run 'java -jar target/agent.jar login' and finish signing in in its window"), unfinished.out());

        Files.writeString(profile.resolve(ProfileFolder.SIGNED_IN), Instant.now() + "\n");
        assertTrue(status(profile).out().contains("✓ browser profile present: " + profile + " (login done)"));
    }

    @Test
    void aCopiedExampleIsFlaggedForItsPlaceholderAndItsMode() throws IOException {
        Path authFile = dir.resolve(".auth.env");
        Files.copy(Path.of(EXAMPLE), authFile);
        Files.setPosixFilePermissions(authFile, PosixFilePermissions.fromString("rw-r--r--")); // what cp gives with umask 022

        CliRun run = status(dir.resolve("profile"), authFile);
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.out().contains("✗ token present: WEBUI_SESSION_TOKEN in " + authFile + " is the placeholder from"
                + " .auth.env.example; and " + authFile + " is readable by other users (mode 0644)\n"
                + "  → run 'chmod 600 " + authFile + "' (it holds your session token and local key); then Sign in with"
                + " 'java -jar target/agent.jar login'"), run.out());
        assertTrue(run.out().contains("✗ token accepted by Open WebUI: not checked (no token)"), run.out());
        assertFalse(run.out().contains("✓ token present"), run.out());
    }

    @Test
    void aGoodTokenInAFileOthersCanReadIsStillAFailure() throws IOException {
        Path authFile = dir.resolve(".auth.env");
        new AuthFile(authFile).put(Credentials.TOKEN_VAR, jwt());
        assertTrue(status(dir.resolve("profile"), authFile).out().contains("✓ token present: in " + authFile + "; expires at "));

        Files.setPosixFilePermissions(authFile, PosixFilePermissions.fromString("rw-rw----"));
        CliRun run = status(dir.resolve("profile"), authFile);
        assertTrue(run.out().contains("✗ token present: in " + authFile + "; expires at "), run.out());
        assertTrue(run.out().contains(" (in 1 h 0 min); and " + authFile + " is readable by other users (mode 0660)\n"
                + "  → run 'chmod 600 " + authFile + "' (it holds your session token and local key)\n"), run.out());
    }

    @Test
    void somethingThatCannotBeAnOpenWebUiTokenIsFlagged() throws IOException {
        Path authFile = dir.resolve(".auth.env");
        new AuthFile(authFile).put(Credentials.TOKEN_VAR, "<your token>");
        CliRun run = status(dir.resolve("profile"), authFile);
        assertTrue(run.out().contains("✗ token present: in " + authFile + ", but it is no Open WebUI token (neither a JWT"
                + " nor an API key sk-…)\n  → Sign in with 'java -jar target/agent.jar login'"), run.out());

        new AuthFile(authFile).put(Credentials.TOKEN_VAR, "sk-0123456789abcdef");
        assertTrue(status(dir.resolve("profile"), authFile).out().contains("✓ token present: in " + authFile
                + "; does not expire"), "an Open WebUI API key is a token");
    }

    @Test
    void theExamplesPlaceholderIsTheOneCredentialsIgnores() throws IOException {
        String token = new AuthFile(Path.of(EXAMPLE)).read().get(Credentials.TOKEN_VAR);
        assertTrue(Credentials.isPlaceholder(token), "keep .auth.env.example and Credentials in step: " + token);
    }

    private CliRun status(Path profile) {
        return status(profile, dir.resolve("none.env"));
    }

    private CliRun status(Path profile, Path authFile) {
        CliRun run = CliRun.of("status", "--upstream", "http://127.0.0.1:" + closedPort(), "--port", String.valueOf(closedPort()),
                "--auth-file", authFile.toString(), "--profile", profile.toString());
        System.out.print(run.out());
        return run;
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jwt() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long exp = Instant.now().plusSeconds(3630).getEpochSecond();
        return b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"id\":\"u1\",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }
}
