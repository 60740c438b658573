package dev.claudeconnector.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps the browser's session-only cookies (no Max-Age/Expires) across browser launches. Many
 * enterprise IdPs set their SSO cookie that way, and Chromium drops such cookies when the browser
 * closes, which {@link BrowserSession} does after every use: without this copy, the IdP session a
 * person created with {@code login} would be gone before the first renewal. Cookies with an expiry
 * need no help; Chromium keeps them in the profile itself.
 *
 * <p>The copy lives in the profile folder (mode 0700) in a file of mode 0600, is rewritten after
 * each use of the browser and read back right after the next launch, adding only the cookies the
 * browser does not already hold. Cookie values are secrets: nothing here ever logs or prints them,
 * and a damaged file is ignored rather than quoted in an error.
 */
final class SessionCookies {
    static final String FILE = ".connector-session-cookies.json";
    private static final System.Logger LOG = System.getLogger(SessionCookies.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One saved cookie: what a browser needs to send it again. No expiry: it stays a session cookie. */
    record Saved(String name, String value, String domain, String path, boolean httpOnly, boolean secure, String sameSite,
                 String partitionKey) {
    }

    private SessionCookies() {
    }

    /** Adds the saved session cookies the fresh context lacks (same name, domain and path). Best effort. */
    static void restore(BrowserContext context, Path profile) {
        List<Saved> saved = read(profile.resolve(FILE));
        if (saved.isEmpty()) {
            return;
        }
        try {
            Set<String> present = new HashSet<>();
            for (Cookie c : context.cookies()) {
                present.add(key(c.name, c.domain, c.path));
            }
            List<Cookie> missing = new ArrayList<>();
            for (Saved s : saved) {
                if (!present.contains(key(s.name(), s.domain(), s.path()))) {
                    missing.add(toCookie(s));
                }
            }
            add(context, missing);
        } catch (PlaywrightException e) {
            // the browser is gone already; the sign-in will say so
        }
    }

    /** Replaces the saved copy with the context's current session cookies (none: the file goes). Call before closing. */
    static void save(BrowserContext context, Path profile) {
        List<Saved> session = new ArrayList<>();
        try {
            for (Cookie c : context.cookies()) {
                if (c.expires == null || c.expires < 0) {
                    session.add(new Saved(c.name, c.value, c.domain, c.path, Boolean.TRUE.equals(c.httpOnly),
                            Boolean.TRUE.equals(c.secure), c.sameSite == null ? null : c.sameSite.name(), c.partitionKey));
                }
            }
        } catch (PlaywrightException closed) {
            return; // the window was closed by hand: keep the copy from the last good use
        }
        Path file = profile.resolve(FILE);
        try {
            if (session.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            Path temp = Files.createTempFile(profile, FILE, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.write(temp, JSON.writeValueAsBytes(session));
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            // The path only, never the content.
            LOG.log(System.Logger.Level.WARNING, "could not keep the browser''s session cookies in {0}; the next renewal"
                    + " may need a new login ({1})", file, e.getClass().getSimpleName());
        }
    }

    private static List<Saved> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return JSON.readValue(file.toFile(), new TypeReference<List<Saved>>() { });
        } catch (IOException | RuntimeException damaged) {
            return List.of(); // the parser's message could quote a cookie: say nothing
        }
    }

    /** All at once; if the browser refuses one (say, SameSite=None without Secure), one by one so the rest still go in. */
    private static void add(BrowserContext context, List<Cookie> cookies) {
        if (cookies.isEmpty()) {
            return;
        }
        try {
            context.addCookies(cookies);
        } catch (PlaywrightException oneRefused) {
            for (Cookie c : cookies) {
                try {
                    context.addCookies(List.of(c));
                } catch (PlaywrightException refused) {
                    // skipped; its message may hold the value, so it is not kept
                }
            }
        }
    }

    private static Cookie toCookie(Saved s) {
        Cookie c = new Cookie(s.name(), s.value()).setDomain(s.domain()).setPath(s.path() == null ? "/" : s.path())
                .setHttpOnly(s.httpOnly()).setSecure(s.secure());
        if (s.partitionKey() != null) {
            c.setPartitionKey(s.partitionKey());
        }
        if (s.sameSite() != null) {
            try {
                c.setSameSite(SameSiteAttribute.valueOf(s.sameSite()));
            } catch (IllegalArgumentException unknown) {
                // leave the browser's default
            }
        }
        return c;
    }

    private static String key(String name, String domain, String path) {
        return name + "\u0000" + domain + "\u0000" + path;
    }
}
