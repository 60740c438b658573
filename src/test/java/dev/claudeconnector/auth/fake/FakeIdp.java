package dev.claudeconnector.auth.fake;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake single sign-on identity provider (a simplified OIDC authorization endpoint) for the fake Open WebUI.
 *
 * <p>What matters to the product is the browser-visible behaviour: {@code /authorize} without a live session
 * shows a login form that waits for a human; with the {@code idp_session} cookie it redirects straight back
 * with a code (the silent SSO that a headless token refresh relies on). All URLs use the host name
 * {@code localhost} while the fake Open WebUI uses {@code 127.0.0.1}: browsers key cookies by host name, not
 * port, so the two servers' cookies stay apart as they would on two real domains.
 *
 * <p>Switches make it behave like IdPs that are harder on a headless renewal: a session-only SSO cookie
 * ({@link #setSessionOnlyCookie}), a page only a person can answer in the middle of a silent SSO
 * ({@link #setPromptOnSilentSso}, {@link IdpPrompt}), a person who is only at visible windows
 * ({@link #setPersonAtVisibleWindows}).
 */
public final class FakeIdp implements AutoCloseable {
    public static final String USERNAME = "ada";
    public static final String PASSWORD = "correct horse";
    public static final String EMAIL = "ada@example.org";
    public static final String NAME = "Ada Lovelace";
    /** The IdP's session cookie (HttpOnly, on host {@code localhost}). */
    public static final String SESSION_COOKIE = "idp_session";

    static final Duration CODE_LIFETIME = Duration.ofSeconds(60);

    /** The signed-in person as the IdP reports them to the relying party. */
    public record User(String username, String email, String name) {
    }

    /**
     * A server-side IdP session. {@code freshFromLogin} marks the one /authorize hop that directly follows a form
     * login, so that hop is not counted as silent SSO.
     */
    private record Session(User user, AtomicBoolean freshFromLogin) {
    }

    private record Code(User user, Instant expiresAt) {
    }

    private static final User ADA = new User(USERNAME, EMAIL, NAME);

    private final Http.Server server;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final List<String> userAgents = new CopyOnWriteArrayList<>();
    private final AtomicInteger authorizeCount = new AtomicInteger();
    private final AtomicInteger silentAuthorizeCount = new AtomicInteger();
    private final AtomicInteger loginCount = new AtomicInteger();
    private final AtomicInteger failedLoginCount = new AtomicInteger();
    private final AtomicInteger loginPagesShown = new AtomicInteger();
    private volatile boolean autoSubmit;
    private volatile boolean personAtVisibleWindows;
    private volatile boolean sessionOnlyCookie;
    private volatile IdpPrompt promptOnSilentSso;

    private FakeIdp() {
        server = Http.start(this::handle);
    }

    /** Starts the IdP on an ephemeral loopback port. */
    public static FakeIdp start() {
        return new FakeIdp();
    }

    /** {@code http://localhost:PORT} (deliberately {@code localhost}, see the class comment). */
    public String baseUrl() {
        return "http://localhost:" + server.port();
    }

    /**
     * "A human is present": the login page fills in the right credentials and submits itself after ~300 ms,
     * standing in for someone typing in a visible window. Off by default: the form waits, like a real IdP.
     */
    public void setAutoSubmit(boolean autoSubmit) {
        this.autoSubmit = autoSubmit;
    }

    /**
     * "A person sits at every visible window": a login page served to a browser whose User-Agent does not
     * contain {@code HeadlessChrome} fills in the right credentials and submits itself after ~1 s, while a
     * headless browser gets the plain form that waits (a renewal that needs a person). Decided by the
     * User-Agent header alone, so a headless browser presenting a visible browser's user agent (as
     * {@code BrowserSession} does after a visible {@code login}) counts as a window. Independent of
     * {@link #setAutoSubmit}, which types into every login page. Off by default.
     */
    public void setPersonAtVisibleWindows(boolean on) {
        this.personAtVisibleWindows = on;
    }

    /**
     * The SSO cookie is set without Max-Age or Expires, as many enterprise IdPs do: a browser keeps it only
     * until it closes. Applies to sign-ins from now on. Off by default (Max-Age one day).
     */
    public void setSessionOnlyCookie(boolean on) {
        this.sessionOnlyCookie = on;
    }

    /**
     * When /authorize would finish silently with a live session, show this page instead (null: none, the
     * default). The hop right after a form login is not affected. The page's form still leads on for a person:
     * see {@link PromptAnswers}.
     */
    public void setPromptOnSilentSso(IdpPrompt prompt) {
        this.promptOnSilentSso = prompt;
    }

    /** Ends every IdP session server-side (like an IdP-side logout or session timeout); cookies become useless. */
    public void endAllSessions() {
        sessions.clear();
    }

    /** Every /authorize request so far, however it was answered. */
    public int authorizeCount() {
        return authorizeCount.get();
    }

    /**
     * /authorize requests answered with a code straight away thanks to an existing session, i.e. silent SSO.
     * The hop right after a form login also redirects with a code but is not counted here.
     */
    public int silentAuthorizeCount() {
        return silentAuthorizeCount.get();
    }

    /** Successful form logins (POST /login with the right password). */
    public int loginCount() {
        return loginCount.get();
    }

    /** Form logins with wrong credentials. */
    public int failedLoginCount() {
        return failedLoginCount.get();
    }

    /** How many times the login form was served (by /authorize or after a failed login). */
    public int loginPagesShown() {
        return loginPagesShown.get();
    }

    /** The User-Agent header of each /authorize request, in order (e.g. to tell headless from headed). */
    public List<String> userAgents() {
        return List.copyOf(userAgents);
    }

    /** How many IdP sessions are live. */
    public int sessionCount() {
        return sessions.size();
    }

    /**
     * Redeems a one-time authorization code (the relying party's back-channel token request, done in-process).
     * Returns the user, or null when the code is unknown, already used or older than 60 s.
     */
    public User redeem(String code) {
        if (code == null) {
            return null;
        }
        Code c = codes.remove(code);
        return c == null || Instant.now().isAfter(c.expiresAt()) ? null : c.user();
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        String expected = path.equals("/authorize") ? "GET" : "POST";
        if (!List.of("/authorize", "/login", "/interaction").contains(path)) {
            Http.send(exchange, 404, "text/plain", "not found");
        } else if (!method.equals(expected)) {
            Http.send(exchange, 405, "text/plain", "method not allowed");
        } else if (path.equals("/authorize")) {
            authorize(exchange);
        } else if (path.equals("/login")) {
            login(exchange);
        } else {
            interaction(exchange);
        }
    }

    private void authorize(HttpExchange exchange) throws IOException {
        authorizeCount.incrementAndGet();
        userAgents.add(String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
        Map<String, String> q = Http.query(exchange);
        String redirectUri = q.get("redirect_uri");
        if (redirectUri == null || redirectUri.isBlank()) {
            Http.send(exchange, 400, "text/plain", "invalid_request: redirect_uri is required");
            return;
        }
        Session session = session(exchange);
        if (session == null) {
            showLoginPage(exchange, q, null, null);
            return;
        }
        if (!session.freshFromLogin().getAndSet(false)) {
            IdpPrompt prompt = promptOnSilentSso;
            if (prompt != null) {
                Http.sendHtml(exchange, 200, prompt.page(q, session.user()));
                return;
            }
            silentAuthorizeCount.incrementAndGet();
        }
        issueCode(exchange, session.user(), q);
    }

    /** Back to the client with a one-time code (and its state), as an OIDC authorization endpoint does. */
    private void issueCode(HttpExchange exchange, User user, Map<String, String> q) throws IOException {
        String code = Http.random(24);
        codes.put(code, new Code(user, Instant.now().plus(CODE_LIFETIME)));
        PromptAnswers.backToClient(exchange, q, "code", code);
    }

    private void login(HttpExchange exchange) throws IOException {
        Map<String, String> form = Http.params(Http.body(exchange));
        Map<String, String> authorizeParams = authorizeParams(form);
        if (!USERNAME.equals(form.get("username")) || !PASSWORD.equals(form.get("password"))) {
            failedLoginCount.incrementAndGet();
            showLoginPage(exchange, authorizeParams, null, "Invalid username or password.");
            return;
        }
        loginCount.incrementAndGet();
        String sessionId = Http.random(32);
        sessions.put(sessionId, new Session(ADA, new AtomicBoolean(true)));
        exchange.getResponseHeaders().add("Set-Cookie", SESSION_COOKIE + "=" + sessionId + "; Path=/;"
                + (sessionOnlyCookie ? "" : " Max-Age=86400;") + " HttpOnly; SameSite=Lax");
        Http.redirect(exchange, 302, baseUrl() + "/authorize?" + Http.encode(authorizeParams));
    }

    /** A person answering one of the {@link IdpPrompt} pages. */
    private void interaction(HttpExchange exchange) throws IOException {
        Session session = session(exchange);
        PromptAnswers.answer(exchange, Http.params(Http.body(exchange)), session == null ? null : session.user(),
                this::issueCode, (e, params, username) -> showLoginPage(e, params, username, null));
    }

    private Session session(HttpExchange exchange) {
        return sessions.get(Http.cookies(exchange).getOrDefault(SESSION_COOKIE, ""));
    }

    static Map<String, String> authorizeParams(Map<String, String> form) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : IdpPages.AUTHORIZE_PARAMS) {
            if (form.containsKey(name)) {
                out.put(name, form.get(name));
            }
        }
        return out;
    }

    private void showLoginPage(HttpExchange exchange, Map<String, String> authorizeParams, String username, String error)
            throws IOException {
        loginPagesShown.incrementAndGet();
        String agent = String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent"));
        long typeAfter = autoSubmit ? 300 : personAtVisibleWindows && !agent.contains("HeadlessChrome") ? 1000 : -1;
        Http.sendHtml(exchange, 200, IdpPages.login(authorizeParams, username, error, typeAfter));
    }

    /** For diagnostics in failing tests. */
    @Override
    public String toString() {
        return "FakeIdp[" + baseUrl() + ", sessions=" + sessions.size() + ", authorize=" + authorizeCount
                + ", silent=" + silentAuthorizeCount + ", logins=" + loginCount + "]";
    }
}
