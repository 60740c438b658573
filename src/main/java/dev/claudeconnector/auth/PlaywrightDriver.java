package dev.claudeconnector.auth;

import com.microsoft.playwright.impl.driver.jar.DriverJar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Playwright's driver (Node.js plus its scripts, ~130 MB) ships inside the jar. By default every
 * start unpacks it into a temp folder again (1–2 s each time, which a renewal waiting requests
 * should not pay); unpacking it once into a per-user cache and pointing {@code playwright.cli.dir}
 * at it makes later starts fast.
 */
final class PlaywrightDriver {
    private static final String PROPERTY = "playwright.cli.dir";
    private static final String VERSION = "1.62.0";
    private static final String COMPLETE = ".installed";

    private PlaywrightDriver() {
    }

    static synchronized void useCachedCopy() {
        if (System.getProperty(PROPERTY) != null) {
            return; // the user (or a test) chose a driver folder
        }
        Path dir = cacheRoot().resolve("playwright-driver-" + VERSION);
        try {
            if (!Files.exists(dir.resolve(COMPLETE))) {
                install(dir);
            }
            System.setProperty(PROPERTY, dir.toString());
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            // fall back to Playwright's own unpack-per-start; slower, still correct
        }
    }

    /** Unpacks into a sibling folder first, so a crash never leaves a half-installed driver in use. */
    private static void install(Path dir) throws IOException, java.net.URISyntaxException {
        Files.createDirectories(dir.getParent());
        Path staging = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".");
        try {
            DriverJar.installDriverTo(staging);
            Files.writeString(staging.resolve(COMPLETE), VERSION);
            deleteTree(dir);
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(staging);
        }
    }

    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("claude-connector");
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
