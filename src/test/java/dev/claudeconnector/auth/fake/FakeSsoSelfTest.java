package dev.claudeconnector.auth.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the fakes themselves, without a browser: an HttpClient that follows no redirects walks the SSO chain
 * step by step, and cookies are carried by hand per host, as a browser would.
 */
class FakeSsoSelfTest extends FakeSsoServers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    /** The "browser's" cookie jar for the IdP host (localhost). */
    private final Map<String, String> idpCookies = new LinkedHashMap<>();

    @Test
    void urlsUseTwoDifferentHostNames() {
        assertTrue(owui.baseUrl().matches("http://127\\.0\\.0\\.1:\\d+"), owui.baseUrl());
        assertTrue(idp.baseUrl().matches("http://localhost:\\d+"), idp.baseUrl());
    }

    @Test
    void configListsTheProvidersAndIsConfigurable() throws Exception {
        JsonNode config = json(get(owui.baseUrl() + "/api/config"));
        assertEquals("Open WebUI", config.path("name").asText());
        assertEquals("Fake SSO", config.path("oauth").path("providers").path("oidc").asText());

        owui.setProviders(Map.of());
        assertEquals(0, json(get(owui.baseUrl() + "/api/config")).path("oauth").path("providers").size());
        owui.setProviders(new LinkedHashMap<>(Map.of("a", "A")));
        assertEquals(404, get(owui.baseUrl() + "/oauth/oidc/login").statusCode(), "unconfigured provider");
    }

    @Test
    void fullSignInChainThenSilentSsoThenEndedSession() throws Exception {
        // The Open WebUI front door offers the SSO link.
        String home = get(owui.baseUrl() + "/").body();
        assertTrue(home.contains("href=\"/oauth/oidc/login\"") && home.contains("Continue with Fake SSO"), home);

        // 1. /oauth/oidc/login -> IdP /authorize with the registered parameters.
        HttpResponse<String> login = get(owui.baseUrl() + "/oauth/oidc/login");
        assertEquals(302, login.statusCode());
        String authorize = location(login);
        assertTrue(authorize.startsWith(idp.baseUrl() + "/authorize?"), authorize);
        Map<String, String> params = Http.params(URI.create(authorize).getRawQuery());
        assertEquals("owui", params.get("client_id"));
        assertEquals("code", params.get("response_type"));
        assertEquals(owui.baseUrl() + "/oauth/oidc/callback", params.get("redirect_uri"));
        assertTrue(authorize.contains("redirect_uri=" + URLEncoder.encode(owui.baseUrl() + "/oauth/oidc/callback", StandardCharsets.UTF_8)));
        String state = params.get("state");
        assertNotNull(state);

        // 2. No IdP session: the login form, which waits (no auto-submit script by default).
        HttpResponse<String> form = idpGet(authorize);
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("<input type=\"password\" name=\"password\""), form.body());
        assertTrue(form.body().contains("action=\"/login\""));
        assertFalse(form.body().contains("<script>"));
        assertEquals(1, idp.authorizeCount());
        assertEquals(0, idp.silentAuthorizeCount());

        // 3a. Wrong password: the form again with an error, no session.
        HttpResponse<String> wrong = idpPost("/login", formOf(params, "ada", "wrong"));
        assertEquals(200, wrong.statusCode());
        assertTrue(wrong.body().contains("Invalid username or password."));
        assertTrue(wrong.body().contains("value=\"" + state + "\""), "state survives the failed attempt");
        assertTrue(idpCookies.isEmpty());

        // 3b. Right password: session cookie and back to /authorize with the same parameters.
        HttpResponse<String> ok = idpPost("/login", formOf(params, FakeIdp.USERNAME, FakeIdp.PASSWORD));
        assertEquals(302, ok.statusCode());
        String sessionCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(sessionCookie.startsWith("idp_session="), sessionCookie);
        assertTrue(sessionCookie.contains("HttpOnly") && sessionCookie.contains("Max-Age=86400")
                && sessionCookie.contains("Path=/") && sessionCookie.contains("SameSite=Lax"), sessionCookie);
        assertEquals(Http.params(URI.create(authorize).getRawQuery()), Http.params(URI.create(location(ok)).getRawQuery()));
        assertEquals(1, idp.loginCount());

        // 4. /authorize with the session: redirect with a one-time code and the state.
        HttpResponse<String> withCode = idpGet(location(ok));
        assertEquals(302, withCode.statusCode());
        String callback = location(withCode);
        assertTrue(callback.startsWith(owui.baseUrl() + "/oauth/oidc/callback?code="), callback);
        assertEquals(state, Http.params(URI.create(callback).getRawQuery()).get("state"));
        assertEquals(2, idp.authorizeCount());
        assertEquals(0, idp.silentAuthorizeCount(), "the hop right after the form login is not silent SSO");

        // 5. Callback: a new token in a non-HttpOnly cookie, and back to /.
        HttpResponse<String> done = get(callback);
        assertEquals(302, done.statusCode());
        assertEquals("/", location(done));
        String tokenCookie = done.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(tokenCookie.contains("Path=/") && tokenCookie.contains("SameSite=Lax")
                && tokenCookie.contains("Max-Age=" + FakeOpenWebUi.DEFAULT_TOKEN_LIFETIME.toSeconds()), tokenCookie);
        assertFalse(tokenCookie.contains("HttpOnly"));
        String jwt = cookieValue(tokenCookie, "token");
        assertEquals(1, owui.tokensIssued());
        assertEquals(List.of(jwt), owui.tokens());
        assertTrue(owui.isValid(jwt));
        Map<String, Object> claims = Jwts.decode(jwt);
        assertTrue(claims.keySet().containsAll(List.of("id", "exp", "jti", "iat")), claims.toString());

        // The code is one-time; the state too.
        assertEquals(400, get(callback).statusCode());

        // 6. The page stores the token in localStorage and greets the user.
        String page = send(HttpRequest.newBuilder(URI.create(owui.baseUrl() + "/")).header("Cookie", "token=" + jwt).build()).body();
        assertTrue(page.contains("localStorage.setItem('token', \"" + jwt + "\")"), page);
        assertTrue(page.contains("Signed in as Ada Lovelace"), page);

        // 7. The API accepts the token.
        HttpResponse<String> me = bearerGet("/api/v1/auths/", jwt);
        assertEquals(200, me.statusCode(), me.body());
        JsonNode user = json(me);
        assertEquals("Ada Lovelace", user.path("name").asText());
        assertEquals("ada@example.org", user.path("email").asText());
        assertEquals("user", user.path("role").asText());
        assertEquals(jwt, user.path("token").asText());
        assertEquals("Bearer", user.path("token_type").asText());
        assertEquals(((Number) claims.get("exp")).longValue(), user.path("expires_at").asLong());
        assertEquals(claims.get("id"), user.path("id").asText());

        // 8. Silent SSO, as a headless refresh does it: straight to a code, no form.
        HttpResponse<String> again = idpGet(location(get(owui.baseUrl() + "/oauth/oidc/login")));
        assertEquals(302, again.statusCode());
        assertEquals(1, idp.silentAuthorizeCount());
        String jwt2 = cookieValue(get(location(again)).headers().firstValue("Set-Cookie").orElseThrow(), "token");
        assertNotEquals(jwt, jwt2);
        assertEquals(2, owui.tokensIssued());
        assertEquals(Jwts.decode(jwt).get("id"), Jwts.decode(jwt2).get("id"), "same user id across sign-ins");

        // 9. After the IdP ends every session, the cookie no longer helps: the form again.
        idp.endAllSessions();
        HttpResponse<String> formAgain = idpGet(location(get(owui.baseUrl() + "/oauth/oidc/login")));
        assertEquals(200, formAgain.statusCode());
        assertTrue(formAgain.body().contains("type=\"password\""));
        assertEquals(1, idp.silentAuthorizeCount());
        assertEquals(4, idp.userAgents().size());
    }

    @Test
    void fromOpenWebUi0627TheCallbackAlsoSetsAnHttpOnlyOauthSessionCookie() throws Exception {
        assertEquals(FakeOpenWebUi.DEFAULT_VERSION, json(get(owui.baseUrl() + "/api/config")).path("version").asText());
        List<String> first = callbackCookies(signInThroughTheChain());
        assertEquals(2, first.size(), first.toString());
        assertTrue(first.getFirst().startsWith("token="), first.toString());
        String session = first.get(1);
        assertTrue(session.contains("HttpOnly") && session.contains("Path=/") && session.contains("SameSite=Lax"), session);
        assertFalse(session.contains("Max-Age") || session.contains("Expires"), "a browser-session cookie, as in Open WebUI: " + session);
        String id = cookieValue(session, "oauth_session_id");
        assertEquals(List.of(id), owui.oauthSessionIds());
        assertEquals(id, java.util.UUID.fromString(id).toString(), "Open WebUI's session ids are UUIDs");
        assertTrue(owui.isLiveOauthSession(id));

        // The next sign-in of the same user replaces the session, as Open WebUI deletes the old one.
        String second = cookieValue(callbackCookies(signInThroughTheChain()).get(1), "oauth_session_id");
        assertNotEquals(id, second);
        assertEquals(List.of(id, second), owui.oauthSessionIds());
        assertFalse(owui.isLiveOauthSession(id));
        assertTrue(owui.isLiveOauthSession(second));

        owui.setVersion("0.6.27");
        assertEquals(2, callbackCookies(signInThroughTheChain()).size(), "0.6.27 is the first release with it");
    }

    @Test
    void beforeOpenWebUi0627TheCallbackSetsOnlyTheToken() throws Exception {
        owui.setVersion("0.6.26");
        assertEquals("0.6.26", json(get(owui.baseUrl() + "/api/config")).path("version").asText());
        List<String> cookies = callbackCookies(signInThroughTheChain());
        assertEquals(1, cookies.size(), cookies.toString());
        assertTrue(cookies.getFirst().startsWith("token="), cookies.toString());
        assertTrue(owui.oauthSessionIds().isEmpty());
        assertEquals(1, owui.tokensIssued());
    }

    @Test
    void versionsCompareByNumberAndMustLookLikeOpenWebUis() {
        assertTrue(FakeOpenWebUi.atLeast("0.10.2", "0.6.27"));
        assertTrue(FakeOpenWebUi.atLeast("0.6.27", "0.6.27"));
        assertFalse(FakeOpenWebUi.atLeast("0.6.26", "0.6.27"));
        assertFalse(FakeOpenWebUi.atLeast("0.5.30", "0.6.27"));
        assertThrows(IllegalArgumentException.class, () -> owui.setVersion("v0.6"));
    }

    @Test
    void autoSubmitAddsTheTypingScript() throws Exception {
        idp.setAutoSubmit(true);
        String page = idpGet(location(get(owui.baseUrl() + "/oauth/oidc/login"))).body();
        assertTrue(page.contains("setTimeout") && page.contains("\"correct horse\"") && page.contains(".requestSubmit()"), page);
    }

    @Test
    void aPersonAtVisibleWindowsTypesOnlyIntoLoginPagesAVisibleBrowserShows() throws Exception {
        idp.setPersonAtVisibleWindows(true);
        String authorize = location(get(owui.baseUrl() + "/oauth/oidc/login"));
        String headless = send(HttpRequest.newBuilder(URI.create(authorize)).header("User-Agent",
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36")
                .build()).body();
        assertTrue(headless.contains("type=\"password\"") && !headless.contains("<script>"), "headless: the form waits");
        String visible = send(HttpRequest.newBuilder(URI.create(authorize)).header("User-Agent",
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36")
                .build()).body();
        assertTrue(visible.contains("\"correct horse\"") && visible.contains(".requestSubmit()") && visible.contains("}, 1000);"), visible);
        idp.setPersonAtVisibleWindows(false);
        assertFalse(send(HttpRequest.newBuilder(URI.create(authorize)).header("User-Agent", "Chrome/156").build()).body()
                .contains("<script>"), "off again");
    }

    @Test
    void userAgentsAreRecordedInOrder() throws Exception {
        String authorize = location(get(owui.baseUrl() + "/oauth/oidc/login"));
        send(HttpRequest.newBuilder(URI.create(authorize)).header("User-Agent", "HeadlessChrome/1").build());
        send(HttpRequest.newBuilder(URI.create(authorize)).header("User-Agent", "Chrome/2").build());
        assertEquals(List.of("HeadlessChrome/1", "Chrome/2"), idp.userAgents());
    }

    @Test
    void unknownOrMissingCodesRedeemToNull() {
        assertNull(idp.redeem("nope"));
        assertNull(idp.redeem(null));
    }

    @Test
    void rejectionsMatchOpenWebUi() throws Exception {
        // Missing token: 401 by default, 403 like older releases when switched.
        assertRejected(get(owui.baseUrl() + "/api/v1/auths/"), 401, "Not authenticated");
        owui.setMissingTokenStatus(403);
        assertRejected(get(owui.baseUrl() + "/api/v1/auths/"), 403, "Not authenticated");
        owui.setMissingTokenStatus(401);

        // Expired by its exp claim, by expireAll(), or with a bad signature: "401 Unauthorized".
        String pastExp = owui.mintToken(Duration.ofSeconds(-5));
        assertFalse(owui.isValid(pastExp));
        assertRejected(bearerGet("/api/v1/auths/", pastExp), 401, "401 Unauthorized");

        String good = owui.mintToken(Duration.ofHours(1));
        assertEquals(200, bearerGet("/api/v1/auths/", good).statusCode());
        String tampered = Jwts.mint("some other secret".getBytes(StandardCharsets.UTF_8), Jwts.decode(good));
        assertRejected(bearerGet("/api/v1/auths/", tampered), 401, "401 Unauthorized");
        assertRejected(bearerGet("/api/v1/auths/", "not-a-jwt"), 401, "401 Unauthorized");

        owui.expireAll();
        assertRejected(bearerGet("/api/v1/auths/", good), 401, "401 Unauthorized");

        // Revoked: "Invalid token"; tokens minted afterwards are fine.
        String another = owui.mintToken(Duration.ofHours(1));
        owui.revokeAll();
        assertRejected(bearerGet("/api/v1/auths/", another), 401, "Invalid token");
        String fresh = owui.mintToken(null);
        assertTrue(owui.isValid(fresh));
        JsonNode me = json(bearerGet("/api/v1/auths/", fresh));
        assertTrue(me.path("expires_at").isNull(), "a never-expiring token has expires_at null");
        assertFalse(Jwts.decode(fresh).containsKey("exp"));

        // Sign-out revokes the presented token.
        assertEquals(200, bearerGet("/api/v1/auths/signout", fresh).statusCode());
        assertRejected(bearerGet("/api/v1/auths/", fresh), 401, "Invalid token");
        assertEquals(4, owui.tokensIssued());
    }

    @Test
    void cookieIsAcceptedWhenNoBearerIsSentAndTrailingSlashIsRedirected() throws Exception {
        String jwt = owui.mintToken(Duration.ofMinutes(5));
        HttpResponse<String> viaCookie = send(HttpRequest.newBuilder(URI.create(owui.baseUrl() + "/api/v1/auths/"))
                .header("Cookie", "token=" + jwt).build());
        assertEquals(200, viaCookie.statusCode());
        HttpResponse<String> noSlash = bearerGet("/api/v1/auths", jwt);
        assertEquals(307, noSlash.statusCode());
        assertEquals(owui.baseUrl() + "/api/v1/auths/", location(noSlash));
    }

    @Test
    void modelsNeedATokenAndAreConfigurable() throws Exception {
        String jwt = owui.mintToken(Duration.ofMinutes(5));
        JsonNode models = json(bearerGet("/api/models", jwt));
        assertEquals("claude-sonnet-4.5", models.path("data").path(0).path("id").asText());
        assertEquals("Claude Sonnet 4.5", models.path("data").path(0).path("name").asText());
        assertEquals("model", models.path("data").path(0).path("object").asText());
        assertEquals("openai", models.path("data").path(0).path("owned_by").asText());
        owui.setModels(List.of(new FakeOpenWebUi.Model("x", "X")));
        assertEquals(1, json(bearerGet("/api/models", jwt)).path("data").size());
        assertRejected(get(owui.baseUrl() + "/api/models"), 401, "Not authenticated");
    }

    @Test
    void chatCompletionsNonStreamAndStream() throws Exception {
        String jwt = owui.mintToken(Duration.ofMinutes(5));
        String body = "{\"model\":\"claude-sonnet-4.5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        HttpResponse<String> plain = completion(jwt, body);
        assertEquals(200, plain.statusCode(), plain.body());
        JsonNode c = json(plain);
        assertEquals("chat.completion", c.path("object").asText());
        assertEquals("claude-sonnet-4.5", c.path("model").asText());
        assertEquals("hello from fake webui", c.path("choices").path(0).path("message").path("content").asText());
        assertEquals("assistant", c.path("choices").path(0).path("message").path("role").asText());
        assertEquals("stop", c.path("choices").path(0).path("finish_reason").asText());
        assertEquals(5, c.path("usage").path("prompt_tokens").asInt());
        assertEquals(4, c.path("usage").path("completion_tokens").asInt());

        String streamBody = "{\"model\":\"claude-haiku-4.5\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        HttpResponse<String> stream = completion(jwt, streamBody);
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<String> data = new ArrayList<>();
        for (String line : stream.body().split("\n")) {
            if (line.startsWith("data: ")) {
                data.add(line.substring(6));
            }
        }
        assertEquals("[DONE]", data.getLast());
        StringBuilder text = new StringBuilder();
        String finish = null;
        JsonNode usage = null;
        for (String d : data.subList(0, data.size() - 1)) {
            JsonNode chunk = JSON.readTree(d);
            assertEquals("chat.completion.chunk", chunk.path("object").asText());
            assertEquals("claude-haiku-4.5", chunk.path("model").asText());
            JsonNode choice = chunk.path("choices").path(0);
            text.append(choice.path("delta").path("content").asText(""));
            if (choice.hasNonNull("finish_reason")) {
                finish = choice.path("finish_reason").asText();
            }
            if (chunk.has("usage")) {
                usage = chunk.path("usage");
            }
        }
        assertEquals("hello from fake webui", text.toString());
        assertEquals("stop", finish);
        assertNotNull(usage);
        assertEquals(4, usage.path("completion_tokens").asInt());

        assertRejected(completion(null, body), 401, "Not authenticated");
        owui.revokeAll();
        assertRejected(completion(jwt, body), 401, "Invalid token");
        assertEquals(2, owui.acceptedCompletions());
        assertEquals(2, owui.rejectedCompletions());

        List<FakeOpenWebUi.Request> recorded = owui.requestsTo("/api/chat/completions");
        assertEquals(4, recorded.size());
        assertEquals("POST", recorded.getFirst().method());
        assertEquals("Bearer " + jwt, recorded.getFirst().authorization());
        assertEquals(body, recorded.getFirst().body());
        assertNull(recorded.get(2).authorization());
    }

    @Test
    void concurrentCompletionsAreServedInParallel() throws Exception {
        String jwt = owui.mintToken(Duration.ofMinutes(5));
        owui.setCompletionDelay(Duration.ofMillis(500));
        int n = 16;
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<HttpResponse<String>> call = () -> completion(jwt, "{\"model\":\"m\",\"messages\":[]}");
                futures.add(pool.submit(call));
            }
            for (Future<HttpResponse<String>> f : futures) {
                assertEquals(200, f.get().statusCode());
            }
        }
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(millis < n * 500 / 2, "16 x 500 ms took " + millis + " ms: not parallel");
        assertEquals(n, owui.acceptedCompletions());
    }

    // ---- helpers ----

    /** Open WebUI's /oauth/oidc/login, the IdP (its form the first time, silent later), and the callback's response. */
    private HttpResponse<String> signInThroughTheChain() throws Exception {
        HttpResponse<String> login = get(owui.baseUrl() + "/oauth/oidc/login");
        String authorize = location(login);
        HttpResponse<String> atIdp = idpGet(authorize);
        if (atIdp.statusCode() == 200) { // the form: no IdP session yet
            HttpResponse<String> ok = idpPost("/login", formOf(Http.params(URI.create(authorize).getRawQuery()),
                    FakeIdp.USERNAME, FakeIdp.PASSWORD));
            atIdp = idpGet(location(ok));
        }
        HttpResponse<String> callback = get(location(atIdp));
        assertEquals(302, callback.statusCode(), callback.body());
        return callback;
    }

    private static List<String> callbackCookies(HttpResponse<String> callback) {
        return callback.headers().allValues("Set-Cookie");
    }

    private static void assertRejected(HttpResponse<String> response, int status, String detail) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(detail, json(response).path("detail").asText());
    }

    private static Map<String, String> formOf(Map<String, String> authorizeParams, String user, String password) {
        Map<String, String> form = new LinkedHashMap<>(authorizeParams);
        form.put("username", user);
        form.put("password", password);
        return form;
    }

    private HttpResponse<String> completion(String jwt, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(owui.baseUrl() + "/api/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (jwt != null) {
            b.header("Authorization", "Bearer " + jwt);
        }
        return send(b.build());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).build());
    }

    private HttpResponse<String> bearerGet(String path, String jwt) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(owui.baseUrl() + path)).header("Authorization", "Bearer " + jwt).build());
    }

    /** A GET to the IdP carrying, and then storing, the IdP host's cookies. */
    private HttpResponse<String> idpGet(String url) throws Exception {
        return idpSend(HttpRequest.newBuilder(URI.create(url)));
    }

    private HttpResponse<String> idpPost(String path, Map<String, String> form) throws Exception {
        return idpSend(HttpRequest.newBuilder(URI.create(idp.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.encode(form))));
    }

    private HttpResponse<String> idpSend(HttpRequest.Builder b) throws Exception {
        if (!idpCookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            idpCookies.forEach((k, v) -> header.append(header.isEmpty() ? "" : "; ").append(k).append('=').append(v));
            b.header("Cookie", header.toString());
        }
        HttpResponse<String> response = send(b.build());
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            idpCookies.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return response;
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String location(HttpResponse<?> response) {
        Optional<String> location = response.headers().firstValue("Location");
        assertTrue(location.isPresent(), "expected a redirect, got " + response.statusCode());
        return location.get();
    }

    private static String cookieValue(String setCookie, String name) {
        String pair = setCookie.split(";", 2)[0];
        assertTrue(pair.startsWith(name + "="), setCookie);
        return pair.substring(name.length() + 1);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
