package dev.claudeconnector.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialsTest {
    @TempDir
    Path dir;

    @Test
    void environmentTokenWinsOverTheFile() throws Exception {
        Path f = dir.resolve(".auth.env");
        Files.writeString(f, "export WEBUI_SESSION_TOKEN='from-file'\n");
        assertEquals("from-env", new Credentials(new AuthFile(f), Map.of("WEBUI_SESSION_TOKEN", "from-env")).token().orElseThrow());
        assertEquals("from-file", new Credentials(new AuthFile(f), Map.of()).token().orElseThrow());
    }

    @Test
    void aLocalKeyEditedInTheFileIsAcceptedAtOnceAndTheOldOneRefusedAfterTheRecheck() throws Exception {
        Path f = dir.resolve(".auth.env");
        Files.writeString(f, "export CONNECTOR_LOCAL_KEY='ck-first'\n");
        Credentials credentials = new Credentials(new AuthFile(f), Map.of());
        assertTrue(credentials.isLocalKey("ck-first"));
        assertFalse(credentials.isLocalKey("ck-firs"), "a trusted key does not make a near miss match");
        assertFalse(credentials.isLocalKey(null));
        Files.writeString(f, "export CONNECTOR_LOCAL_KEY='ck-second-and-longer'\n");
        assertTrue(credentials.isLocalKey("ck-second-and-longer"), "the edited key at once");
        Thread.sleep(Credentials.KEY_RECHECK / 1_000_000 + 100);
        assertFalse(credentials.isLocalKey("ck-first"), "the old key, once the file is looked at again");
        assertTrue(credentials.isLocalKey("ck-second-and-longer"));
    }

    @Test
    void theExamplesPlaceholderIsNoToken() throws Exception {
        Path f = dir.resolve(".auth.env");
        Files.writeString(f, "export WEBUI_SESSION_TOKEN='paste-the-token-here'\n");
        assertEquals(Optional.empty(), new Credentials(new AuthFile(f), Map.of()).token());
        Files.writeString(f, "export WEBUI_SESSION_TOKEN='from-file'\n");
        assertEquals(Optional.of("from-file"), new Credentials(new AuthFile(f), Map.of("WEBUI_SESSION_TOKEN", "…")).token(),
                "a placeholder in the environment does not hide the file's token");
    }

    @Test
    void environmentOauthSessionIdWinsOverTheFileLikeTheToken() throws Exception {
        Path f = dir.resolve(".auth.env");
        Files.writeString(f, "export WEBUI_SESSION_TOKEN='t'\nexport WEBUI_OAUTH_SESSION_ID='from-file'\n");
        assertEquals(Optional.of("from-env"),
                new Credentials(new AuthFile(f), Map.of("WEBUI_OAUTH_SESSION_ID", " from-env ")).oauthSessionId());
        assertEquals(Optional.of("from-file"), new Credentials(new AuthFile(f), Map.of()).oauthSessionId());
        assertEquals(Optional.of("from-file"),
                new Credentials(new AuthFile(f), Map.of("WEBUI_OAUTH_SESSION_ID", "  ")).oauthSessionId(), "a blank variable is no value");
        assertEquals(Optional.empty(), new Credentials(new AuthFile(dir.resolve("none.env")), Map.of()).oauthSessionId());
        Files.writeString(f, "export WEBUI_SESSION_TOKEN='t'\nexport WEBUI_OAUTH_SESSION_ID=''\n");
        assertEquals(Optional.empty(), new Credentials(new AuthFile(f), Map.of()).oauthSessionId());
    }

    @Test
    void storeSignInWritesTokenAndSessionIdTogetherAndThenBeatsTheEnvironment() throws Exception {
        Path f = dir.resolve(".auth.env");
        Files.writeString(f, "# mine\nexport CONNECTOR_LOCAL_KEY='ck-keep'\n");
        Credentials c = new Credentials(new AuthFile(f),
                Map.of("WEBUI_SESSION_TOKEN", "env-token", "WEBUI_OAUTH_SESSION_ID", "env-session"));
        assertEquals(Optional.of("env-session"), c.oauthSessionId());

        c.storeSignIn("new-token", Optional.of("new-session"));
        assertEquals("# mine\nexport CONNECTOR_LOCAL_KEY='ck-keep'\nexport WEBUI_SESSION_TOKEN='new-token'\n"
                + "export WEBUI_OAUTH_SESSION_ID='new-session'\n", Files.readString(f));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(Optional.of("new-token"), c.token(), "renewed here: the file's token beats the environment's");
        assertEquals(Optional.of("new-session"), c.oauthSessionId(), "and so does the session id from the same sign-in");

        // A later sign-in without the cookie (Open WebUI before 0.6.27) leaves no stale id behind.
        c.storeSignIn("newer-token", Optional.empty());
        assertEquals("# mine\nexport CONNECTOR_LOCAL_KEY='ck-keep'\nexport WEBUI_SESSION_TOKEN='newer-token'\n",
                Files.readString(f));
        assertEquals(Optional.empty(), c.oauthSessionId());
    }

    @Test
    void webUiSessionPairsTokenAndSessionIdByTheSameRulesAsAskingForEach() throws Exception {
        Path f = dir.resolve(".auth.env");
        Files.writeString(f, "export WEBUI_SESSION_TOKEN='t1'\nexport WEBUI_OAUTH_SESSION_ID='s1'\n");
        Credentials c = new Credentials(new AuthFile(f), Map.of());
        assertEquals(Optional.of(new Credentials.WebUiSession("t1", Optional.of("s1"))), c.webUiSession());
        Files.writeString(f, "export WEBUI_SESSION_TOKEN='t2'\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(2)));
        afterTheTokenRecheck();
        assertEquals(Optional.of(new Credentials.WebUiSession("t2", Optional.empty())), c.webUiSession(),
                "a rewritten file is seen, and a session id it no longer holds is gone");
        assertEquals(Optional.of(new Credentials.WebUiSession("env-token", Optional.of("env-session"))),
                new Credentials(new AuthFile(f), Map.of("WEBUI_SESSION_TOKEN", "env-token",
                        "WEBUI_OAUTH_SESSION_ID", "env-session")).webUiSession(), "the environment wins, as for each alone");
        Files.writeString(f, "export WEBUI_SESSION_TOKEN='paste-the-token-here'\nexport WEBUI_OAUTH_SESSION_ID='s3'\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(4)));
        afterTheTokenRecheck();
        assertEquals(Optional.empty(), c.webUiSession(), "no token, no session: a session id alone is not sent");
    }

    @Test
    void aChatCallTakesTheFilesTokenAsSeenWithinASecondAndThisProcesssOwnWriteAtOnce() throws Exception {
        Path f = dir.resolve(".auth.env");
        Files.writeString(f, "export WEBUI_SESSION_TOKEN='one'\n");
        Credentials c = new Credentials(new AuthFile(f), Map.of());
        assertEquals("one", c.webUiSession().orElseThrow().token());
        Files.writeString(f, "export WEBUI_SESSION_TOKEN='two'\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(2)));
        assertEquals("one", c.webUiSession().orElseThrow().token(), "within the recheck the file is not looked at");
        assertEquals("two", c.token().orElseThrow(), "asked alone (as a rejected call's renewal asks), it is at once");
        assertEquals("two", c.webUiSession().orElseThrow().token(), "and that look serves the chat calls too");

        Files.writeString(f, "export WEBUI_SESSION_TOKEN='three'\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(4)));
        afterTheTokenRecheck();
        assertEquals("three", c.webUiSession().orElseThrow().token(), "a hand edit, once the recheck is due");

        c.storeToken("four");
        assertEquals("four", c.webUiSession().orElseThrow().token(), "what this process wrote, at once");
        c.storeSignIn("five", Optional.of("s5"));
        assertEquals(new Credentials.WebUiSession("five", Optional.of("s5")), c.webUiSession().orElseThrow());


        Files.writeString(f, "export WEBUI_SESSION_TOKEN='paste-the-token-here'\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(6)));
        Credentials signedOut = new Credentials(new AuthFile(f), Map.of());
        assertEquals(Optional.empty(), signedOut.webUiSession());
        Files.writeString(f, "export WEBUI_SESSION_TOKEN='six'\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(8)));
        assertEquals("six", signedOut.webUiSession().orElseThrow().token(), "with no token seen, the file is looked at at once");
    }

    private static void afterTheTokenRecheck() throws InterruptedException {
        Thread.sleep(Credentials.TOKEN_RECHECK / 1_000_000 + 100);
    }

    @Test
    void aHandEditIsSeenWithoutRestart() throws Exception {
        Path f = dir.resolve(".auth.env");
        Files.writeString(f, "export WEBUI_SESSION_TOKEN='one'\n");
        Credentials c = new Credentials(new AuthFile(f), Map.of());
        assertEquals("one", c.token().orElseThrow());
        Files.writeString(f, "export WEBUI_SESSION_TOKEN='two'\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(2)));
        assertEquals("two", c.token().orElseThrow());
    }

    @Test
    void missingLocalKeyIsGeneratedSavedAndKept() throws Exception {
        Path f = dir.resolve(".auth.env");
        Files.writeString(f, "export WEBUI_SESSION_TOKEN='t'\n");
        Credentials c = new Credentials(new AuthFile(f), Map.of());
        String key = c.ensureLocalKey();
        assertTrue(key.length() >= 30, "at least 128 random bits, base64url");
        assertEquals(key, new AuthFile(f).read().get("CONNECTOR_LOCAL_KEY"));
        assertEquals("t", new AuthFile(f).read().get("WEBUI_SESSION_TOKEN"));
        assertEquals(key, c.ensureLocalKey());
        Path other = dir.resolve("other.env");
        assertNotEquals(key, new Credentials(new AuthFile(other), Map.of()).ensureLocalKey());
    }

    @Test
    void localKeyCheckRejectsWrongMissingAndPrefixKeys() throws Exception {
        Credentials c = new Credentials(new AuthFile(dir.resolve("a.env")), Map.of("CONNECTOR_LOCAL_KEY", "ck-secret"));
        assertTrue(c.isLocalKey("ck-secret"));
        assertFalse(c.isLocalKey("ck-secre"));
        assertFalse(c.isLocalKey("ck-secret2"));
        assertFalse(c.isLocalKey(null));
        assertFalse(new Credentials(new AuthFile(dir.resolve("none.env")), Map.of()).isLocalKey("anything"));
    }
}
