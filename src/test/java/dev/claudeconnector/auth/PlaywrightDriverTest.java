package dev.claudeconnector.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The first unpack of Playwright's driver (~130 MB) is announced; later uses are silent. */
class PlaywrightDriverTest {
    @TempDir
    Path cache;

    @Test
    void firstUnpackSaysSoAndLaterUsesSayNothing() {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        Optional<Path> dir = PlaywrightDriver.prepare(cache, new PrintStream(first, true, StandardCharsets.UTF_8));

        assertTrue(dir.isPresent());
        assertTrue(Files.isExecutable(dir.get().resolve("node")) || Files.exists(dir.get().resolve("node.exe")),
                "the driver's Node.js is unpacked");
        String said = first.toString(StandardCharsets.UTF_8);
        String[] lines = said.split("\n");
        assertEquals(2, lines.length, said);
        assertEquals("Preparing the browser driver (first use, about 130 MB)…", lines[0]);
        assertTrue(lines[1].startsWith("Browser driver ready ("), said);

        ByteArrayOutputStream second = new ByteArrayOutputStream();
        assertEquals(dir, PlaywrightDriver.prepare(cache, new PrintStream(second, true, StandardCharsets.UTF_8)));
        assertEquals("", second.toString(StandardCharsets.UTF_8), "nothing on later uses");
    }
}
