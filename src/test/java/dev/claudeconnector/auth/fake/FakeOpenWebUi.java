package dev.claudeconnector.auth.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Open WebUI that signs users in through {@link FakeIdp} and serves the few API routes the product uses.
 *
 * <p>It imitates what the real backend does at the HTTP level: the session JWT (HS256; claims {@code id},
 * {@code exp}, {@code jti}, {@code iat}) is handed to the browser in a non-HttpOnly {@code token} cookie after the
 * OAuth callback, the page copies it to {@code localStorage.token}, and the API accepts it as a Bearer token (or,
 * like the real one, from the {@code token} cookie when no Bearer is sent). The rejection statuses and
 * {@code detail} texts are Open WebUI's, so the product's error handling is tested against the real strings.
 * Behaviour that changed between releases follows {@link #setVersion} ({@code oauth_session_id}) or its own switch
 * ({@link #setMissingTokenStatus}, {@link #setTokenLifetime}); by default it is a current release.
 * All URLs use {@code 127.0.0.1}, the IdP's use {@code localhost}, keeping the two hosts' cookies apart.
 */
public final class FakeOpenWebUi implements AutoCloseable {
    /** Open WebUI's current default {@code JWT_EXPIRES_IN} (4 weeks). */
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofDays(28);
    /** Cookie Max-Age used when tokens never expire, so the cookie still survives a browser relaunch. */
    public static final Duration NEVER_EXPIRING_COOKIE_AGE = Duration.ofDays(30);
    public static final String DEFAULT_COMPLETION_TEXT = "hello from fake webui";
    public static final String CLIENT_ID = "owui";
    /** The release the fake claims by default (served in /api/config). */
    public static final String DEFAULT_VERSION = "0.10.2";
    /** The first release whose OAuth callback sets the {@code oauth_session_id} cookie. */
    public static final String OAUTH_SESSION_SINCE = "0.6.27";
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    /** Open WebUI's rejection texts ({@code detail}). */
    public static final String NOT_AUTHENTICATED = "Not authenticated";
    public static final String UNAUTHORIZED = "401 Unauthorized";
    public static final String INVALID_TOKEN = "Invalid token";

    /** One entry of {@code GET /api/models}. */
    public record Model(String id, String name, String ownedBy) {
        public Model(String id, String name) {
            this(id, name, "openai");
        }
    }

    /** A request as received, for assertions ({@code authorization} is the raw header or null). */
    public record Request(String method, String path, String authorization, String body) {
    }

    private record Account(String id, String email, String name, String role) {
    }

    /** Outcome of checking a token: an account, or the status and detail Open WebUI would reject with. */
    private record Auth(Account account, String token, Map<String, Object> claims, int status, String detail) {
        static Auth reject(int status, String detail) {
            return new Auth(null, null, null, status, detail);
        }

        boolean ok() {
            return account != null;
        }
    }

    private static final Pattern OAUTH_PATH = Pattern.compile("^/oauth/([^/]+)/(login|callback)$");

    private final FakeIdp idp;
    private final byte[] secret = Http.random(32).getBytes(StandardCharsets.US_ASCII);
    private final Http.Server server;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Set<String> pendingStates = ConcurrentHashMap.newKeySet();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final Set<String> revokedJtis = ConcurrentHashMap.newKeySet();
    private final Set<String> expiredJtis = ConcurrentHashMap.newKeySet();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger acceptedCompletions = new AtomicInteger();
    private final AtomicInteger rejectedCompletions = new AtomicInteger();
    private final List<String> oauthSessionIds = new CopyOnWriteArrayList<>();
    /** The one live OAuth session per user and provider ("accountId provider" to session id); older ones are deleted. */
    private final Map<String, String> liveOauthSessions = new ConcurrentHashMap<>();

    private volatile Duration tokenLifetime = DEFAULT_TOKEN_LIFETIME;
    private volatile String version = DEFAULT_VERSION;
    private volatile Map<String, String> providers = Map.of("oidc", "Fake SSO");
    private volatile List<Model> models = List.of(
            new Model("claude-sonnet-4.5", "Claude Sonnet 4.5"),
            new Model("claude-opus-4.1", "Claude Opus 4.1"),
            new Model("claude-haiku-4.5", "Claude Haiku 4.5"));
    private volatile int missingTokenStatus = 401;
    private volatile Duration completionDelay = Duration.ZERO;
    private volatile String completionText = DEFAULT_COMPLETION_TEXT;
    private volatile boolean idOnlyTokens;
    private volatile String callbackFailure;

    private FakeOpenWebUi(FakeIdp idp) {
        this.idp = idp;
        this.server = Http.start(this::handle);
    }

    /** Starts a fake Open WebUI on an ephemeral loopback port whose single sign-on goes to {@code idp}. */
    public static FakeOpenWebUi start(FakeIdp idp) {
        return new FakeOpenWebUi(idp);
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    // ---- test controls ----

    /**
     * The Open WebUI release to imitate, "MAJOR.MINOR.PATCH": served as {@code version} in /api/config, and from
     * {@value #OAUTH_SESSION_SINCE} on the OAuth callback also sets the {@code oauth_session_id} cookie; an older
     * version (e.g. "0.6.26") sets only {@code token}.
     */
    public void setVersion(String version) {
        parseVersion(version);
        this.version = version;
    }

    /** Lifetime of tokens minted from now on; null means "never expires" (no {@code exp} claim). */
    public void setTokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
    }

    /**
     * Sign-ins mint {@code {id}}-only tokens, byte-identical every time, in a cookie without Max-Age, as Open WebUI
     * before 0.6.40 does with {@code JWT_EXPIRES_IN=-1} (see {@link IdOnlyTokens}). Off by default.
     */
    public void setIdOnlyTokens(boolean on) {
        this.idOnlyTokens = on;
    }

    /**
     * The OAuth callback refuses every sign-in with this message (null: it does not), answering as the
     * {@link #setVersion version} does (see {@link CallbackFailure}); the IdP's code is used up all the same.
     */
    public void setCallbackFailure(String message) {
        this.callbackFailure = message;
    }

    /** OAuth providers advertised by /api/config and accepted under /oauth/NAME/..., name to display name, in order. */
    public void setProviders(Map<String, String> providers) {
        this.providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
    }

    /** The list served by /api/models. */
    public void setModels(List<Model> models) {
        this.models = List.copyOf(models);
    }

    /** Status for a request with no token: 401 (current Open WebUI) or 403 (older releases); detail stays "Not authenticated". */
    public void setMissingTokenStatus(int status) {
        if (status != 401 && status != 403) {
            throw new IllegalArgumentException("Open WebUI answers 401 or 403, not " + status);
        }
        this.missingTokenStatus = status;
    }

    /** Artificial delay before each accepted completion is answered, so concurrent calls visibly overlap. */
    public void setCompletionDelay(Duration delay) {
        this.completionDelay = delay == null ? Duration.ZERO : delay;
    }

    /** The assistant text of every completion (streamed word by word). */
    public void setCompletionText(String text) {
        this.completionText = text;
    }

    /** Every token minted so far now fails with 401 "Invalid token", as after a sign-out. */
    public void revokeAll() {
        tokens.forEach(t -> revokedJtis.add(jti(t)));
    }

    /** Every token minted so far now fails as expired (401 "401 Unauthorized"), without waiting for its exp. */
    public void expireAll() {
        tokens.forEach(t -> expiredJtis.add(jti(t)));
    }

    /** A fresh valid token for the IdP's user, without a browser; null lifetime means no exp. Counted in tokensIssued(). */
    public String mintToken(Duration lifetime) {
        return mint(accountFor(new FakeIdp.User(FakeIdp.USERNAME, FakeIdp.EMAIL, FakeIdp.NAME)), lifetime);
    }

    /** Whether the API would accept this token right now. */
    public boolean isValid(String jwt) {
        return check(jwt).ok();
    }

    /** Tokens minted so far, by SSO callbacks and mintToken() alike. */
    public int tokensIssued() {
        return tokens.size();
    }

    /** Every token minted so far, in order. */
    public List<String> tokens() {
        return List.copyOf(tokens);
    }

    /** Every {@code oauth_session_id} handed out by an OAuth callback, in order (none before 0.6.27). */
    public List<String> oauthSessionIds() {
        return List.copyOf(oauthSessionIds);
    }

    /** Whether this OAuth session still exists: a later sign-in of the same user with the same provider deletes it. */
    public boolean isLiveOauthSession(String sessionId) {
        return sessionId != null && liveOauthSessions.containsValue(sessionId);
    }

    /** Every request received, in order of arrival. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests to one path (e.g. "/api/chat/completions"). */
    public List<Request> requestsTo(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Completions answered (authenticated). */
    public int acceptedCompletions() {
        return acceptedCompletions.get();
    }

    /** Completions refused for a missing, bad, expired or revoked token. */
    public int rejectedCompletions() {
        return rejectedCompletions.get();
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- tokens ----

    private Account accountFor(FakeIdp.User user) {
        // Open WebUI matches OAuth users by email; a name-based UUID keeps the id stable across sign-ins.
        String id = UUID.nameUUIDFromBytes(user.email().getBytes(StandardCharsets.UTF_8)).toString();
        return accounts.computeIfAbsent(id, i -> new Account(i, user.email(), user.name(), "user"));
    }

    private String mint(Account account, Duration lifetime) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("id", account.id());
        if (lifetime != null) {
            claims.put("exp", now.plus(lifetime).getEpochSecond());
        }
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("iat", now.getEpochSecond());
        String jwt = Jwts.mint(secret, claims);
        tokens.add(jwt);
        return jwt;
    }

    /** Whether release {@code version} is {@code since} or later. */
    static boolean atLeast(String version, String since) {
        int[] v = parseVersion(version);
        int[] s = parseVersion(since);
        for (int i = 0; i < 3; i++) {
            if (v[i] != s[i]) {
                return v[i] > s[i];
            }
        }
        return true;
    }

    private static int[] parseVersion(String version) {
        Matcher m = VERSION.matcher(version == null ? "" : version);
        if (!m.matches()) {
            throw new IllegalArgumentException("an Open WebUI version looks like 0.6.27, not " + version);
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }

    private static String jti(String jwt) {
        return String.valueOf(Jwts.decode(jwt).get("jti"));
    }

    /** Open WebUI's order of checks: decode (signature, exp) first, then revocation, then the user. */
    private Auth check(String jwt) {
        Optional<Map<String, Object>> verified = Jwts.verify(secret, jwt, Instant.now());
        if (verified.isEmpty() || !(verified.get().get("id") instanceof String id)) {
            return Auth.reject(401, UNAUTHORIZED);
        }
        Map<String, Object> claims = verified.get();
        String jti = String.valueOf(claims.get("jti"));
        if (expiredJtis.contains(jti)) {
            return Auth.reject(401, UNAUTHORIZED);
        }
        if (revokedJtis.contains(jti)) {
            return Auth.reject(401, INVALID_TOKEN);
        }
        Account account = accounts.get(id);
        return account == null ? Auth.reject(401, INVALID_TOKEN) : new Auth(account, jwt, claims, 200, null);
    }

    /** Bearer first; without one, the {@code token} cookie (as Open WebUI's get_current_user does). */
    private Auth authenticate(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String token = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && !header.substring(7).isBlank()) {
            token = header.substring(7).trim();
        }
        if (token == null) {
            token = Http.cookies(exchange).get("token");
        }
        if (token == null || token.isEmpty()) {
            return Auth.reject(missingTokenStatus, NOT_AUTHENTICATED);
        }
        return check(token);
    }

    // ---- routes ----

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String body = Http.body(exchange);
        requests.add(new Request(method, path, exchange.getRequestHeaders().getFirst("Authorization"), body));

        Matcher oauth = OAUTH_PATH.matcher(path);
        if (oauth.matches() && method.equals("GET")) {
            if (!providers.containsKey(oauth.group(1))) {
                Http.sendJson(exchange, 404, Map.of("detail", "Not Found"));
            } else if (oauth.group(2).equals("login")) {
                oauthLogin(exchange, oauth.group(1));
            } else {
                oauthCallback(exchange, oauth.group(1));
            }
            return;
        }
        switch (method + " " + path) {
            case "GET /", "GET /auth" -> homePage(exchange);
            case "GET /api/config" -> Http.sendJson(exchange, 200, Map.of(
                    "name", "Open WebUI", "version", version, "oauth", Map.of("providers", providers)));
            // FastAPI's redirect_slashes: the route is declared with a trailing slash.
            case "GET /api/v1/auths" -> Http.redirect(exchange, 307, baseUrl() + "/api/v1/auths/");
            case "GET /api/v1/auths/" -> sessionUser(exchange);
            case "GET /api/v1/auths/signout" -> signOut(exchange);
            case "GET /api/models" -> listModels(exchange);
            case "POST /api/chat/completions" -> chatCompletion(exchange, body);
            default -> Http.sendJson(exchange, 404, Map.of("detail", "Not Found"));
        }
    }

    private void oauthLogin(HttpExchange exchange, String provider) throws IOException {
        String state = Http.random(24);
        pendingStates.add(state);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", CLIENT_ID);
        params.put("redirect_uri", baseUrl() + "/oauth/" + provider + "/callback");
        params.put("state", state);
        params.put("response_type", "code");
        Http.redirect(exchange, 302, idp.baseUrl() + "/authorize?" + Http.encode(params));
    }

    private void oauthCallback(HttpExchange exchange, String provider) throws IOException {
        Map<String, String> q = Http.query(exchange);
        String state = q.get("state");
        if (state == null || !pendingStates.remove(state)) {
            Http.sendJson(exchange, 400, Map.of("detail", "mismatching_state: CSRF Warning! State not equal in request and response."));
            return;
        }
        FakeIdp.User user = idp.redeem(q.get("code"));
        String failure = callbackFailure;
        if (failure != null) {
            CallbackFailure.answer(exchange, version, baseUrl(), failure);
            return;
        }
        if (user == null) {
            Http.sendJson(exchange, 400, Map.of("detail", "The email or password provided is incorrect. Please check for typos and try logging in again."));
            return;
        }
        Duration lifetime = tokenLifetime;
        Account account = accountFor(user);
        if (idOnlyTokens) {
            String jwt = IdOnlyTokens.mint(secret, account.id());
            tokens.add(jwt);
            exchange.getResponseHeaders().add("Set-Cookie", IdOnlyTokens.cookie(jwt));
        } else {
            String jwt = mint(account, lifetime);
            long maxAge = Math.max(0, (lifetime == null ? NEVER_EXPIRING_COOKIE_AGE : lifetime).toSeconds());
            // Not HttpOnly: after an OAuth sign-in Open WebUI's page reads the cookie from JavaScript.
            exchange.getResponseHeaders().add("Set-Cookie", "token=" + jwt + "; Path=/; SameSite=Lax; Max-Age=" + maxAge);
        }
        if (atLeast(version, OAUTH_SESSION_SINCE)) {
            // As backend/open_webui/utils/oauth.py (OAuthManager.handle_callback, 0.6.27+) does: the user's earlier
            // session with this provider is deleted, a new one (id: a random UUID) stores the IdP's token server-side,
            // and its id goes to the browser in an HttpOnly cookie without Max-Age (Starlette's default path "/";
            // SameSite from WEBUI_AUTH_COOKIE_SAME_SITE, "lax" by default).
            String sessionId = UUID.randomUUID().toString();
            liveOauthSessions.put(account.id() + " " + provider, sessionId);
            oauthSessionIds.add(sessionId);
            exchange.getResponseHeaders().add("Set-Cookie", "oauth_session_id=" + sessionId + "; HttpOnly; Path=/; SameSite=Lax");
        }
        Http.redirect(exchange, 302, "/");
    }

    private void homePage(HttpExchange exchange) throws IOException {
        String cookie = Http.cookies(exchange).get("token");
        Auth auth = cookie == null ? Auth.reject(401, NOT_AUTHENTICATED) : check(cookie);
        String content;
        if (auth.ok()) {
            content = """
                      <p id="user">Signed in as %s</p>
                      <script>localStorage.setItem('token', %s);</script>
                    """.formatted(Http.html(auth.account().name()), Http.js(auth.token()));
        } else {
            StringBuilder links = new StringBuilder();
            providers.forEach((name, label) -> links.append("  <p><a class=\"sso\" href=\"/oauth/").append(Http.html(name))
                    .append("/login\">Continue with ").append(Http.html(label)).append("</a></p>\n"));
            content = links.toString();
        }
        Http.sendHtml(exchange, 200, """
                <!doctype html>
                <html>
                <head><meta charset="utf-8"><title>Open WebUI</title></head>
                <body>
                %s</body>
                </html>
                """.formatted(content));
    }

    private void sessionUser(HttpExchange exchange) throws IOException {
        Auth auth = authenticate(exchange);
        if (!auth.ok()) {
            reject(exchange, auth);
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", auth.account().id());
        out.put("email", auth.account().email());
        out.put("name", auth.account().name());
        out.put("role", auth.account().role());
        out.put("token", auth.token());
        out.put("token_type", "Bearer");
        out.put("expires_at", auth.claims().get("exp")); // null when the token never expires
        Http.sendJson(exchange, 200, out);
    }

    /** Revokes the presented token (Bearer or cookie) and clears the cookie, like Open WebUI's sign-out. */
    private void signOut(HttpExchange exchange) throws IOException {
        Auth auth = authenticate(exchange);
        if (auth.ok()) {
            revokedJtis.add(String.valueOf(auth.claims().get("jti")));
        }
        exchange.getResponseHeaders().add("Set-Cookie", "token=; Path=/; SameSite=Lax; Max-Age=0");
        Http.sendJson(exchange, 200, Map.of("status", true));
    }

    private void listModels(HttpExchange exchange) throws IOException {
        Auth auth = authenticate(exchange);
        if (!auth.ok()) {
            reject(exchange, auth);
            return;
        }
        long created = Instant.now().getEpochSecond();
        List<Map<String, Object>> data = new ArrayList<>();
        for (Model m : models) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", m.id());
            entry.put("name", m.name());
            entry.put("object", "model");
            entry.put("created", created);
            entry.put("owned_by", m.ownedBy());
            data.add(entry);
        }
        Http.sendJson(exchange, 200, Map.of("data", data));
    }

    private void chatCompletion(HttpExchange exchange, String body) throws IOException {
        Auth auth = authenticate(exchange);
        if (!auth.ok()) {
            rejectedCompletions.incrementAndGet();
            reject(exchange, auth);
            return;
        }
        JsonNode request;
        try {
            request = Http.JSON.readTree(body);
        } catch (IOException e) {
            request = null;
        }
        if (request == null || !request.isObject()) {
            Http.sendJson(exchange, 400, Map.of("detail", "request body must be a JSON object"));
            return;
        }
        acceptedCompletions.incrementAndGet();
        pause(completionDelay);
        String model = request.path("model").asText("");
        String id = "chatcmpl-" + UUID.randomUUID();
        long created = Instant.now().getEpochSecond();
        String text = completionText;
        Map<String, Object> usage = Map.of("prompt_tokens", 5, "completion_tokens", 4, "total_tokens", 9);
        if (request.path("stream").asBoolean(false)) {
            streamCompletion(exchange, id, created, model, text, usage);
            return;
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", text);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("finish_reason", "stop");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("object", "chat.completion");
        out.put("created", created);
        out.put("model", model);
        out.put("choices", List.of(choice));
        out.put("usage", usage);
        Http.sendJson(exchange, 200, out);
    }

    /** OpenAI-style SSE: role+first word, one chunk per further word, a stop chunk, a usage chunk, [DONE]. */
    private static void streamCompletion(HttpExchange exchange, String id, long created, String model, String text,
                                         Map<String, Object> usage) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0); // chunked
        try (OutputStream out = exchange.getResponseBody()) {
            String[] words = text.split("(?<= )"); // keep the spaces so the pieces concatenate back to text
            for (int i = 0; i < words.length; i++) {
                Map<String, Object> delta = new LinkedHashMap<>();
                if (i == 0) {
                    delta.put("role", "assistant");
                }
                delta.put("content", words[i]);
                writeEvent(out, chunk(id, created, model, List.of(choice(delta, null)), null));
            }
            writeEvent(out, chunk(id, created, model, List.of(choice(Map.of(), "stop")), null));
            writeEvent(out, chunk(id, created, model, List.of(), usage));
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static Map<String, Object> choice(Map<String, Object> delta, String finishReason) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("index", 0);
        c.put("delta", delta);
        c.put("finish_reason", finishReason);
        return c;
    }

    private static Map<String, Object> chunk(String id, long created, String model, List<?> choices,
                                             Map<String, Object> usage) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("object", "chat.completion.chunk");
        c.put("created", created);
        c.put("model", model);
        c.put("choices", choices);
        if (usage != null) {
            c.put("usage", usage);
        }
        return c;
    }

    private static void writeEvent(OutputStream out, Object data) throws IOException {
        out.write(("data: " + Http.JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void reject(HttpExchange exchange, Auth auth) throws IOException {
        Http.sendJson(exchange, auth.status(), Map.of("detail", auth.detail()));
    }

    private static void pause(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FakeOpenWebUi[" + baseUrl() + ", tokens=" + tokens.size() + ", completions ok/rejected="
                + acceptedCompletions + "/" + rejectedCompletions + "]";
    }
}
