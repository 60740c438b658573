package dev.claudeconnector.auth;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import dev.claudeconnector.config.AuthSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One use of the user's browser with the persistent profile: Playwright is started, the browser
 * launched, the work done, and everything closed again (Playwright holds hundreds of MB, so it
 * never lingers). Only one browser may use a profile folder at a time, so uses are serialised
 * inside this process and, through a lock file, across processes ({@code serve} and a
 * {@code refresh} run by hand). Session-only cookies, which Chromium drops when it closes, are
 * carried from one use to the next by {@link SessionCookies}.
 */
public final class BrowserSession {
    /** The user agent of the last visible sign-in: a headless renewal presents the same one, so the IdP sees the same device. */
    static final String USER_AGENT_FILE = ".connector-user-agent";
    private static final String LOCK_FILE = ".connector.lock";
    private static final System.Logger LOG = System.getLogger(BrowserSession.class.getName());
    private static final Pattern PLAYWRIGHT_MESSAGE = Pattern.compile("message='([^'\\n]+)");
    /** A Chromium log line such as "[err] [6754:6754:1201/161117.927229:ERROR:ui/aura/env.cc:253] The platform failed…". */
    private static final Pattern BROWSER_ERROR = Pattern.compile("\\[err\\] \\[[^\\]]*:(?:ERROR|FATAL):[^\\]]*\\] ([^\\n]+)");
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();
    private static final List<String> ARGS = List.of("--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
            "--no-default-browser-check");

    private BrowserSession() {
    }

    /**
     * Runs {@code work} in a browser launched with the user's profile. A visible browser where no window
     * can be shown fails before anything is created. A profile folder this use created is removed again
     * when the use fails: a folder in the profile's place means a sign-in finished there once.
     */
    public static <T> T open(AuthSettings auth, boolean headless, Duration waitForProfile, Function<BrowserContext, T> work) {
        BrowserLocator.Choice browser = BrowserLocator.locate(auth);
        if (!headless) {
            Display.require();
        }
        Path profile = auth.profile();
        Optional<Path> created = ProfileFolder.firstMissing(profile);
        ProfileFolder.prepare(profile);
        PlaywrightDriver.useCachedCopy();
        IN_PROCESS.lock();
        try (FileChannel lockChannel = FileChannel.open(profile.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = acquire(lockChannel, waitForProfile, profile)) {
            try {
                return use(browser, profile, headless, work);
            } catch (RuntimeException | Error e) {
                // Still holding the lock, so no other sign-in can be using the folder being removed.
                created.ifPresent(top -> ProfileFolder.discard(profile, top));
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the browser profile " + profile + ": " + e.getMessage(), e);
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private static <T> T use(BrowserLocator.Choice browser, Path profile, boolean headless, Function<BrowserContext, T> work) {
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            BrowserType.LaunchPersistentContextOptions options = new BrowserType.LaunchPersistentContextOptions()
                    .setHeadless(headless)
                    .setArgs(ARGS)
                    .setTimeout(60_000);
            browser.executable().ifPresent(options::setExecutablePath);
            browser.channel().ifPresent(options::setChannel);
            if (headless) {
                readUserAgent(profile).ifPresent(options::setUserAgent);
            }
            LOG.log(System.Logger.Level.DEBUG, "launching {0} ({1}) with the profile {2}", browser.describe(),
                    headless ? "headless" : "visible window", profile);
            BrowserContext context;
            try {
                context = playwright.chromium().launchPersistentContext(profile, options);
            } catch (PlaywrightException e) {
                throw launchFailed(browser.describe(), e.getMessage(), System.getenv(), e);
            }
            try {
                SessionCookies.restore(context, profile);
                if (!headless) {
                    saveUserAgent(profile, context);
                }
                return work.apply(context);
            } finally {
                SessionCookies.save(context, profile); // the IdP's session-only cookies die with the browser
                try {
                    context.close();
                } catch (PlaywrightException alreadyClosed) {
                    // the user closed the window; nothing left to close
                }
                LOG.log(System.Logger.Level.DEBUG, "browser closed");
            }
        }
    }

    /**
     * Why the browser did not start, in words a user can act on: no display (Chromium's "Missing X
     * server or $DISPLAY") gets the no-display advice; anything else names the browser and what it said.
     */
    static SignInException launchFailed(String browser, String message, Map<String, String> env, Throwable cause) {
        if (Display.isNoDisplayFailure(message)) {
            return new SignInException(SignInAdvice.noDisplay(Display.missing(env, "linux")
                    .orElseGet(() -> Display.unusable(env))), cause);
        }
        return new SignInException("could not start the browser " + browser + ": " + launchProblem(message)
                + ". Pass another with --browser PATH.", cause);
    }

    /** Playwright's launch errors start "Error {" and bury the browser's own words in a call log. */
    static String launchProblem(String message) {
        if (message == null) {
            return "unknown error";
        }
        String first = firstLine(message);
        Matcher quoted = PLAYWRIGHT_MESSAGE.matcher(message);
        String what = first.startsWith("Error {") && quoted.find() ? quoted.group(1).strip() : first;
        Matcher said = BROWSER_ERROR.matcher(message);
        return said.find() ? what + " (the browser said: " + firstLine(said.group(1)) + ")" : what;
    }

    private static FileLock acquire(FileChannel channel, Duration wait, Path profile) throws IOException {
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new SignInException("the browser profile " + profile + " is in use by another sign-in;"
                        + " wait for it to finish and try again");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SignInException("interrupted while waiting for the browser profile");
            }
        }
    }

    private static void saveUserAgent(Path profile, BrowserContext context) {
        try {
            Page page = context.pages().isEmpty() ? context.newPage() : context.pages().getFirst();
            Object ua = page.evaluate("() => navigator.userAgent");
            if (ua instanceof String s && !s.isBlank()) {
                Files.writeString(profile.resolve(USER_AGENT_FILE), s, StandardCharsets.UTF_8);
            }
        } catch (IOException | PlaywrightException e) {
            // without it a later headless renewal shows the default headless user agent; still works
        }
    }

    private static Optional<String> readUserAgent(Path profile) {
        try {
            Path f = profile.resolve(USER_AGENT_FILE);
            return Files.exists(f) ? Optional.of(Files.readString(f).strip()).filter(s -> !s.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String line = message.strip().lines().findFirst().orElse(message);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
