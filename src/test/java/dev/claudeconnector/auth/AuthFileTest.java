package dev.claudeconnector.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthFileTest {
    @TempDir
    Path dir;

    @Test
    void readsExportLinesWithAndWithoutQuotes() throws Exception {
        Path f = dir.resolve(".auth.env");
        Files.writeString(f, """
                # my token
                export WEBUI_SESSION_TOKEN='abc.def'
                export CONNECTOR_LOCAL_KEY="ck-1"
                PLAIN=value
                export SPACED="a b" # trailing comment
                export JOINED='it'\\''s'
                # export COMMENTED='no'
                not an assignment
                """);
        Map<String, String> values = new AuthFile(f).read();
        assertEquals(Map.of("WEBUI_SESSION_TOKEN", "abc.def", "CONNECTOR_LOCAL_KEY", "ck-1", "PLAIN", "value",
                "SPACED", "a b", "JOINED", "it's"), values);
    }

    @Test
    void putKeepsOtherLinesAndCommentsAndWritesMode0600() throws Exception {
        Path f = dir.resolve(".auth.env");
        Files.writeString(f, "# keep me\nexport OTHER='x'\nexport WEBUI_SESSION_TOKEN='old'\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        new AuthFile(f).put("WEBUI_SESSION_TOKEN", "new");
        new AuthFile(f).put("CONNECTOR_LOCAL_KEY", "k'ey");
        assertEquals("# keep me\nexport OTHER='x'\nexport WEBUI_SESSION_TOKEN='new'\nexport CONNECTOR_LOCAL_KEY='k'\\''ey'\n",
                Files.readString(f));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals("k'ey", new AuthFile(f).read().get("CONNECTOR_LOCAL_KEY"));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temp file is left behind");
        }
    }

    @Test
    void putAllSetsAndRemovesSeveralVariablesInOneWriteKeepingEverythingElse() throws Exception {
        Path f = dir.resolve(".auth.env");
        Files.writeString(f, "# keep me\nexport WEBUI_OAUTH_SESSION_ID='stale'\nexport WEBUI_SESSION_TOKEN='old'\n"
                + "# export WEBUI_OAUTH_SESSION_ID='commented stays'\nexport OTHER='x'\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        Map<String, String> values = new LinkedHashMap<>();
        values.put("WEBUI_SESSION_TOKEN", "new");
        values.put("WEBUI_OAUTH_SESSION_ID", null); // remove
        values.put("ADDED", "a");
        new AuthFile(f).putAll(values);
        assertEquals("# keep me\nexport WEBUI_SESSION_TOKEN='new'\n# export WEBUI_OAUTH_SESSION_ID='commented stays'\n"
                + "export OTHER='x'\nexport ADDED='a'\n", Files.readString(f));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));

        values.put("WEBUI_OAUTH_SESSION_ID", "s-1");
        new AuthFile(f).putAll(values);
        assertEquals("s-1", new AuthFile(f).read().get("WEBUI_OAUTH_SESSION_ID"));
        assertTrue(Files.readString(f).endsWith("export ADDED='a'\nexport WEBUI_OAUTH_SESSION_ID='s-1'\n"), Files.readString(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temp file is left behind");
        }
    }

    @Test
    void removingFromAMissingFileCreatesNothing() throws Exception {
        Path f = dir.resolve(".auth.env");
        Map<String, String> remove = new HashMap<>();
        remove.put("WEBUI_OAUTH_SESSION_ID", null);
        new AuthFile(f).putAll(remove);
        assertFalse(Files.exists(f));
    }

    @Test
    void putCreatesAMissingFile() throws Exception {
        Path f = dir.resolve("sub/.auth.env");
        new AuthFile(f).put("A", "1");
        assertTrue(Files.exists(f));
        assertEquals("1", new AuthFile(f).read().get("A"));
    }
}
