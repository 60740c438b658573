package dev.claudeconnector.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first unpack of Playwright's driver (~130 MB) is announced; later uses are silent. A jar built
 * for another platform says so, and how to build the right one, before any browser is tried.
 */
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

    @Test
    void namesTheDriverFolderAsPlaywrightDoes() {
        assertEquals("linux", PlaywrightDriver.platform("Linux", "amd64"));
        assertEquals("linux-arm64", PlaywrightDriver.platform("Linux", "aarch64"));
        assertEquals("mac", PlaywrightDriver.platform("Mac OS X", "x86_64"));
        assertEquals("mac-arm64", PlaywrightDriver.platform("Mac OS X", "aarch64"));
        assertEquals("win32_x64", PlaywrightDriver.platform("Windows 11", "amd64"));
    }

    @Test
    void aJarWithoutThisPlatformsDriverSaysHowToBuildOne() {
        String here = PlaywrightDriver.platform(System.getProperty("os.name"), System.getProperty("os.arch"));
        assertEquals(Optional.empty(), PlaywrightDriver.missingFor(here, Map.of()), "the test classpath has this platform's driver");

        Optional<String> problem = PlaywrightDriver.missingFor("plan9", Map.of());
        assertTrue(problem.isPresent());
        assertTrue(problem.get().startsWith("this agent.jar carries the browser driver for another platform, not for plan9."),
                problem.get());
        assertTrue(problem.get().contains("-Dplaywright.driver='*'"), problem.get());
        assertEquals(Optional.empty(), PlaywrightDriver.missingFor("plan9", Map.of("PLAYWRIGHT_NODEJS_PATH", "/usr/bin/node")),
                "a Node.js of the user's own is used instead");
    }
}
