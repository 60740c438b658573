package dev.claudeconnector.auth;

import dev.claudeconnector.config.FileTree;
import dev.claudeconnector.config.UserHome;
import com.microsoft.playwright.impl.driver.jar.DriverJar;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
        missingFor(platform(System.getProperty("os.name"), System.getProperty("os.arch")), System.getenv())
                .ifPresent(problem -> {
                    throw new SignInException(problem);
                });
        prepare(UserHome.cache(), System.err).ifPresent(dir -> System.setProperty(PROPERTY, dir.toString()));
    }

    /**
     * Why this jar cannot drive a browser on {@code platform}: a jar carries only the driver of the
     * machine that built it (pom.xml's {@code playwright.driver}), unless the user points Playwright
     * at a Node.js of their own ({@code PLAYWRIGHT_NODEJS_PATH}).
     */
    static Optional<String> missingFor(String platform, Map<String, String> env) {
        if (env.containsKey("PLAYWRIGHT_NODEJS_PATH") || System.getProperty("playwright.nodejs.path") != null
                || DriverJar.class.getClassLoader().getResource("driver/" + platform + "/LICENSE") != null) {
            return Optional.empty();
        }
        return Optional.of("this agent.jar carries the browser driver for another platform, not for " + platform
                + ". Build the jar on this machine (./build -q package -DskipTests), or build one for every platform"
                + " with ./build -q package -DskipTests -Dplaywright.driver='*'.");
    }

    /** Playwright's name for the driver folder of this operating system and processor (as DriverJar names it). */
    static String platform(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        boolean arm = osArch.toLowerCase(Locale.ROOT).equals("aarch64");
        if (os.contains("windows")) {
            return "win32_x64";
        }
        if (os.contains("linux")) {
            return arm ? "linux-arm64" : "linux";
        }
        return arm ? "mac-arm64" : "mac";
    }

    /**
     * The unpacked driver under {@code root}, unpacked first when it is not there yet. That first time
     * takes up to a minute on a slow disk, so it is announced on {@code err} (one line before, one after);
     * later uses print nothing. Empty when it cannot be unpacked there (Playwright then unpacks its own copy).
     */
    static Optional<Path> prepare(Path root, PrintStream err) {
        Path dir = root.resolve("playwright-driver-" + VERSION);
        if (Files.exists(dir.resolve(COMPLETE))) {
            return Optional.of(dir);
        }
        err.println("Preparing the browser driver (first use, about 130 MB)…");
        long started = System.nanoTime();
        try {
            install(dir);
            err.println("Browser driver ready (" + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s), in " + dir + ".");
            return Optional.of(dir);
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            // fall back to Playwright's own unpack-per-start; slower, still correct
            err.println("Could not keep the browser driver in " + dir + " (" + e.getMessage() + "); it is unpacked"
                    + " afresh for each use instead.");
            return Optional.empty();
        }
    }

    /** Unpacks into a sibling folder first, so a crash never leaves a half-installed driver in use. */
    private static void install(Path dir) throws IOException, java.net.URISyntaxException {
        Files.createDirectories(dir.getParent());
        Path staging = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".");
        try {
            DriverJar.installDriverTo(staging);
            Files.writeString(staging.resolve(COMPLETE), VERSION);
            FileTree.delete(dir);
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            FileTree.delete(staging);
        }
    }
}
