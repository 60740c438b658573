package dev.claudeconnector.auth;

import dev.claudeconnector.config.AuthSettings;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which browser to drive, in order: {@code --browser PATH} / {@code auth.browser.executable},
 * then {@code auth.browser.channel} (an installed Chrome or Edge that Playwright finds itself),
 * then the first installed Chrome, Chromium or Edge in the usual places on Linux and macOS.
 * Never a download: the user's own browser is the point (and the only thing an IdP trusts).
 */
public final class BrowserLocator {
    private static final List<String> LINUX_NAMES = List.of("google-chrome", "google-chrome-stable", "chromium",
            "chromium-browser", "microsoft-edge", "microsoft-edge-stable");
    private static final List<String> MAC_APPS = List.of(
            "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
            "/Applications/Chromium.app/Contents/MacOS/Chromium",
            "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge");

    private BrowserLocator() {
    }

    /** Either an executable or a Playwright channel name. */
    public record Choice(Optional<Path> executable, Optional<String> channel) {
        public String describe() {
            return executable.map(Path::toString).orElseGet(() -> "channel " + channel.orElse("?"));
        }
    }

    public static Choice locate(AuthSettings auth) {
        if (auth.browserExecutable().isPresent()) {
            Path p = Path.of(auth.browserExecutable().get());
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException("the browser " + p + " (--browser / auth.browser.executable) is not an executable file");
            }
            return new Choice(Optional.of(p), Optional.empty());
        }
        if (auth.browserChannel().isPresent()) {
            return new Choice(Optional.empty(), auth.browserChannel());
        }
        return detect().map(p -> new Choice(Optional.of(p), Optional.empty())).orElseThrow(() -> new IllegalStateException(
                "no Chrome, Chromium or Edge found: install one (e.g. 'apt-get install chromium'), or pass"
                        + " --browser /path/to/chrome, or set auth.browser.executable in config/agent.yaml"));
    }

    /** The first installed browser, if any. */
    public static Optional<Path> detect() {
        for (String app : MAC_APPS) {
            if (Files.isExecutable(Path.of(app))) {
                return Optional.of(Path.of(app));
            }
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : LINUX_NAMES) {
            for (String dir : (path + File.pathSeparator + "/usr/bin" + File.pathSeparator + "/snap/bin").split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
