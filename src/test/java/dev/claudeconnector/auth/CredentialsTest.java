package dev.claudeconnector.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

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
