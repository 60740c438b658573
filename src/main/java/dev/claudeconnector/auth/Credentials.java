package dev.claudeconnector.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The secrets the proxy needs: the Open WebUI session token (what we present upstream), the local
 * key (what Claude Code must present to us) and, from Open WebUI 0.6.27 on, the OAuth session id
 * that sign-in left beside the token (Open WebUI hands the user's IdP token to {@code system_oauth}
 * connections only for requests carrying it as the {@code oauth_session_id} cookie). The
 * environment wins over the auth file; the file is re-read whenever it changes on disk, so a hand edit takes effect without a restart
 * (within a second for chat calls: {@link #webUiSession}).
 */
public final class Credentials {
    public static final String TOKEN_VAR = "WEBUI_SESSION_TOKEN";
    public static final String LOCAL_KEY_VAR = "CONNECTOR_LOCAL_KEY";
    /** Open WebUI's {@code oauth_session_id} cookie from the same sign-in as the token (0.6.27+). */
    public static final String OAUTH_SESSION_VAR = "WEBUI_OAUTH_SESSION_ID";
    /**
     * What {@code .auth.env.example} holds in place of a token ({@code WEBUI_SESSION_TOKEN='paste-the-token-here'}),
     * and the ellipsis its commented-out lines show: a copied example is no token at all, never sent upstream.
     */
    private static final Set<String> PLACEHOLDERS = Set.of("paste-the-token-here", "…", "...");
    private static final System.Logger LOG = System.getLogger(Credentials.class.getName());
    /** How long a local key that matched the auth file is trusted without another look at the file, ns. */
    static final long KEY_RECHECK = 1_000_000_000L;
    /** How long the auth file's token is used for chat calls without another look at the file, ns. */
    public static final long TOKEN_RECHECK = 1_000_000_000L;
    /** No look at the file yet, or this process has just written it: look before using it. */
    private static final Snapshot UNREAD = new Snapshot(null, -1, Map.of(), 0);

    private final AuthFile file;
    private final Map<String, String> env;
    private volatile Snapshot snapshot = UNREAD;
    /** The local key as last matched against the file, and when (System.nanoTime()). */
    private volatile Matched matched = new Matched(null, 0);
    /** Set once this process renewed the token: from then on the file's token beats the environment's. */
    private volatile boolean renewed;

    private record Matched(String key, long at) {
    }

    /** The file's values as of its modification time and size, found unchanged at {@code lookedAt} (System.nanoTime()). */
    private record Snapshot(FileTime modified, long size, Map<String, String> values, long lookedAt) {
    }

    public Credentials(AuthFile file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    public AuthFile file() {
        return file;
    }

    /** The token and the OAuth session id that a call to Open WebUI presents, of one sign-in. */
    public record WebUiSession(String token, Optional<String> oauthSessionId) {
    }

    /** The session token, if any; a placeholder from {@code .auth.env.example} is none. */
    public Optional<String> token() {
        return token(current());
    }

    /**
     * The token with its OAuth session id, for a chat call, from one look at the auth file (asking
     * for each would take two, and could pair a renewal's token with the session id before it). The
     * proxy asks on every request, so the file is looked at (a stat) at most once per {@link
     * #TOKEN_RECHECK}: a token another process writes there (a hand edit, {@code login} in another
     * terminal) is used within a second; a call Open WebUI rejects meanwhile is replayed with it
     * ({@code TokenRefresher.renewalAfterRejection} looks at once). With no token in the file, and
     * after this process writes it, the file is looked at again at once.
     */
    public Optional<WebUiSession> webUiSession() {
        Snapshot s = snapshot;
        boolean recent = s.modified() != null && System.nanoTime() - s.lookedAt() < TOKEN_RECHECK;
        Map<String, String> file = recent ? s.values() : current();
        Optional<String> token = token(file);
        if (token.isEmpty() && recent) {
            file = current();
            token = token(file);
        }
        Map<String, String> values = file;
        return token.map(t -> new WebUiSession(t, oauthSessionId(values)));
    }

    private Optional<String> token(Map<String, String> file) {
        String fromEnv = env.get(TOKEN_VAR);
        if (fromEnv != null && !fromEnv.isBlank() && !isPlaceholder(fromEnv) && !renewed) {
            return Optional.of(fromEnv.trim());
        }
        return Optional.ofNullable(file.get(TOKEN_VAR)).filter(t -> !t.isBlank() && !isPlaceholder(t));
    }

    /** Whether {@code value} is the example file's stand-in for a token rather than a token. */
    public static boolean isPlaceholder(String value) {
        return value != null && PLACEHOLDERS.contains(value.strip());
    }

    /**
     * Open WebUI's OAuth session id from the sign-in that produced the token, if any; like the
     * token, the environment's value wins until this process renews the token itself.
     */
    public Optional<String> oauthSessionId() {
        return oauthSessionId(current());
    }

    private Optional<String> oauthSessionId(Map<String, String> file) {
        String fromEnv = env.get(OAUTH_SESSION_VAR);
        if (fromEnv != null && !fromEnv.isBlank() && !renewed) {
            return Optional.of(fromEnv.trim());
        }
        return Optional.ofNullable(file.get(OAUTH_SESSION_VAR)).filter(s -> !s.isBlank());
    }

    /** Saves a new session token to the auth file (atomically, 0600, other lines kept). */
    public void storeToken(String token) throws IOException {
        file.put(TOKEN_VAR, token);
        snapshot = UNREAD;
        renewed = true;
    }

    /**
     * Saves what one sign-in yielded, token and OAuth session id together in one atomic write (0600,
     * other lines kept). Without a session id (Open WebUI before 0.6.27) a saved one is removed: it
     * belonged to an earlier sign-in.
     */
    public void storeSignIn(String token, Optional<String> oauthSessionId) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(TOKEN_VAR, token);
        values.put(OAUTH_SESSION_VAR, oauthSessionId.filter(s -> !s.isBlank()).orElse(null)); // null: remove
        file.putAll(values);
        snapshot = UNREAD;
        renewed = true;
    }

    /** Changes whenever the auth file does (hand edit or renewal); compared, never interpreted. */
    public Object fileStamp() {
        current();
        Snapshot s = snapshot;
        return s.modified() == null ? "absent" : s.modified() + "/" + s.size();
    }

    /** The local key; generated (128+ random bits) and saved to the auth file when absent. */
    public synchronized String ensureLocalKey() throws IOException {
        String existing = localKey().orElse(null);
        if (existing != null) {
            return existing;
        }
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String key = "ck-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        file.put(LOCAL_KEY_VAR, key);
        snapshot = UNREAD;
        LOG.log(System.Logger.Level.INFO, "generated a local key and saved it to {0}", file.path());
        return key;
    }

    public Optional<String> localKey() {
        String fromEnv = env.get(LOCAL_KEY_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(fromEnv.trim());
        }
        return Optional.ofNullable(current().get(LOCAL_KEY_VAR)).filter(k -> !k.isBlank());
    }

    /**
     * Constant-time comparison, so response timing says nothing about how much of a guess was right.
     * A key that matched the file is trusted for {@link #KEY_RECHECK} without looking at the file
     * again (every request asks; the chat call then looks at the file for the token anyway): a key
     * edited in the file refuses the old one within that, and is itself accepted at once.
     */
    public boolean isLocalKey(String presented) {
        if (presented == null) {
            return false;
        }
        Matched last = matched;
        if (last.key() != null && System.nanoTime() - last.at() < KEY_RECHECK && same(presented, last.key())) {
            return true;
        }
        Optional<String> key = localKey();
        if (key.isEmpty() || !same(presented, key.get())) {
            return false;
        }
        matched = new Matched(key.get(), System.nanoTime());
        return true;
    }

    private static boolean same(String presented, String key) {
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8));
    }

    /** The file's values, re-read only when its modification time or size changed (one stat per call; see {@link #webUiSession}). */
    private Map<String, String> current() {
        BasicFileAttributes attributes;
        try {
            // One stat per call, modification time and size together (a busy proxy's chat calls and
            // local key checks make about two a second).
            attributes = Files.readAttributes(file.path(), BasicFileAttributes.class);
        } catch (NoSuchFileException absent) {
            snapshot = UNREAD;
            return UNREAD.values();
        } catch (IOException e) {
            throw unreadable(e);
        }
        Snapshot s = snapshot;
        Map<String, String> values = s.values();
        if (!Objects.equals(s.modified(), attributes.lastModifiedTime()) || s.size() != attributes.size()) {
            try {
                values = Map.copyOf(file.read());
            } catch (IOException e) {
                throw unreadable(e);
            }
        }
        snapshot = new Snapshot(attributes.lastModifiedTime(), attributes.size(), values, System.nanoTime());
        return values;
    }

    private UncheckedIOException unreadable(IOException e) {
        return new UncheckedIOException("cannot read the auth file " + file.path() + ": " + e.getMessage(), e);
    }
}
