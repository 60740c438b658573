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
        switch (path) {
            case "/authorize" -> {
                if (!method.equals("GET")) {
                    Http.send(exchange, 405, "text/plain", "method not allowed");
                } else {
                    authorize(exchange);
                }
            }
            case "/login" -> {
                if (!method.equals("POST")) {
                    Http.send(exchange, 405, "text/plain", "method not allowed");
                } else {
                    login(exchange);
                }
            }
            default -> Http.send(exchange, 404, "text/plain", "not found");
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
        Session session = sessions.get(Http.cookies(exchange).getOrDefault(SESSION_COOKIE, ""));
        if (session == null) {
            showLoginPage(exchange, q, null);
            return;
        }
        if (!session.freshFromLogin().getAndSet(false)) {
            silentAuthorizeCount.incrementAndGet();
        }
        String code = Http.random(24);
        codes.put(code, new Code(session.user(), Instant.now().plus(CODE_LIFETIME)));
        Map<String, String> back = new LinkedHashMap<>();
        back.put("code", code);
        if (q.containsKey("state")) {
            back.put("state", q.get("state"));
        }
        Http.redirect(exchange, 302, redirectUri + (redirectUri.contains("?") ? "&" : "?") + Http.encode(back));
    }

    private void login(HttpExchange exchange) throws IOException {
        Map<String, String> form = Http.params(Http.body(exchange));
        Map<String, String> authorizeParams = new LinkedHashMap<>();
        for (String name : List.of("client_id", "redirect_uri", "state", "response_type")) {
            if (form.containsKey(name)) {
                authorizeParams.put(name, form.get(name));
            }
        }
        if (!USERNAME.equals(form.get("username")) || !PASSWORD.equals(form.get("password"))) {
            failedLoginCount.incrementAndGet();
            showLoginPage(exchange, authorizeParams, "Invalid username or password.");
            return;
        }
        loginCount.incrementAndGet();
        String sessionId = Http.random(32);
        sessions.put(sessionId, new Session(ADA, new AtomicBoolean(true)));
        exchange.getResponseHeaders().add("Set-Cookie",
                SESSION_COOKIE + "=" + sessionId + "; Path=/; Max-Age=86400; HttpOnly; SameSite=Lax");
        Http.redirect(exchange, 302, baseUrl() + "/authorize?" + Http.encode(authorizeParams));
    }

    private void showLoginPage(HttpExchange exchange, Map<String, String> authorizeParams, String error) throws IOException {
        loginPagesShown.incrementAndGet();
        StringBuilder hidden = new StringBuilder();
        for (String name : List.of("client_id", "redirect_uri", "state", "response_type")) {
            String value = authorizeParams.get(name);
            if (value != null) {
                hidden.append("    <input type=\"hidden\" name=\"").append(name).append("\" value=\"")
                        .append(Http.html(value)).append("\">\n");
            }
        }
        String script = !autoSubmit ? "" : """
                <script>
                  // Stands in for a person typing into a visible window.
                  setTimeout(function () {
                    document.getElementById('username').value = %s;
                    document.getElementById('password').value = %s;
                    document.getElementById('login').requestSubmit(); // not submit(): the button's id shadows it
                  }, 300);
                </script>
                """.formatted(Http.js(USERNAME), Http.js(PASSWORD));
        String html = """
                <!doctype html>
                <html>
                <head><meta charset="utf-8"><title>Fake SSO - Sign in</title></head>
                <body>
                  <h1>Sign in to Fake SSO</h1>
                  %s<form id="login" method="post" action="/login">
                %s    <label>Username <input type="text" name="username" id="username" autocomplete="username"></label>
                    <label>Password <input type="password" name="password" id="password" autocomplete="current-password"></label>
                    <button type="submit" id="submit">Sign in</button>
                  </form>
                %s</body>
                </html>
                """.formatted(error == null ? "" : "<p class=\"error\" id=\"error\">" + Http.html(error) + "</p>\n  ",
                hidden, script);
        Http.sendHtml(exchange, 200, html);
    }

    /** For diagnostics in failing tests. */
    @Override
    public String toString() {
        return "FakeIdp[" + baseUrl() + ", sessions=" + sessions.size() + ", authorize=" + authorizeCount
                + ", silent=" + silentAuthorizeCount + ", logins=" + loginCount + "]";
    }
}
