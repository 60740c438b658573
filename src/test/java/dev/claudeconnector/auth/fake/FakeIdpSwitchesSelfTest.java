package dev.claudeconnector.auth.fake;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fake IdP's harder switches, checked without a browser: an HttpClient walks the SSO chain hop by hop,
 * carrying cookies per host name as a browser does.
 */
class FakeIdpSwitchesSelfTest {
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    /** Host name to that host's cookies (java.net.CookieManager will not keep cookies of "localhost"). */
    private final Map<String, Map<String, String>> jar = new LinkedHashMap<>();
    private FakeIdp idp;
    private FakeOpenWebUi owui;

    @BeforeEach
    void start() {
        idp = FakeIdp.start();
        owui = FakeOpenWebUi.start(idp);
    }

    @AfterEach
    void stop() {
        owui.close();
        idp.close();
    }

    @Test
    void theSsoCookieCanBeSessionOnly() throws Exception {
        idp.setSessionOnlyCookie(true);
        HttpResponse<String> form = get(location(get(owui.baseUrl() + "/oauth/oidc/login")));
        HttpResponse<String> ok = post(idp.baseUrl() + "/login", loginForm(form.body()));
        String cookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith(FakeIdp.SESSION_COOKIE + "=") && cookie.contains("HttpOnly") && cookie.contains("Path=/"), cookie);
        assertFalse(cookie.contains("Max-Age") || cookie.contains("Expires"), "a session cookie: " + cookie);
    }

    @ParameterizedTest
    @EnumSource(IdpPrompt.class)
    void aPromptReplacesOnlyTheSilentHopAndAPersonGetsThrough(IdpPrompt prompt) throws Exception {
        signIn();
        idp.setPromptOnSilentSso(prompt);
        HttpResponse<String> page = get(location(get(owui.baseUrl() + "/oauth/oidc/login")));
        assertEquals(200, page.statusCode());
        String html = page.body();
        assertFalse(html.contains("type=\"password\""), html);
        assertTrue(html.contains("action=\"/interaction\""), html);
        switch (prompt) {
            case ACCOUNT_PICKER -> assertTrue(html.contains("Pick an account") && html.contains(FakeIdp.EMAIL)
                    && !html.contains("type=\"email\"") && !html.contains("type=\"text\""), html);
            case USERNAME_FIRST -> assertTrue(html.contains("type=\"email\" name=\"loginfmt\"") && html.contains("autocomplete=\"username\""), html);
            case ONE_TIME_CODE -> assertTrue(html.contains("autocomplete=\"one-time-code\"") && html.contains("Enter code"), html);
            case CONSENT -> assertTrue(html.contains("Permissions requested") && html.contains(">Allow</button>")
                    && html.contains(">Deny</button>"), html);
            case MORE_INFORMATION -> assertTrue(html.contains("More information required") && !html.contains("type=\"email\""), html);
        }
        assertEquals(0, idp.silentAuthorizeCount(), "the prompt is not a silent SSO");

        Map<String, String> answer = hiddenFields(html);
        switch (prompt) {
            case ACCOUNT_PICKER -> answer.put("account", FakeIdp.USERNAME);
            case USERNAME_FIRST -> answer.put("loginfmt", FakeIdp.USERNAME);
            case ONE_TIME_CODE -> answer.put("otc", IdpPrompt.CODE);
            case CONSENT -> answer.put("consent", "allow");
            case MORE_INFORMATION -> { }
        }
        HttpResponse<String> next = post(idp.baseUrl() + "/interaction", answer);
        if (prompt == IdpPrompt.USERNAME_FIRST) {
            assertTrue(next.body().contains("type=\"password\"") && next.body().contains("value=\"ada\""), "then the password");
            return;
        }
        assertEquals(302, next.statusCode(), next.body());
        assertTrue(location(next).startsWith(owui.baseUrl() + "/oauth/oidc/callback?code="), location(next));
        assertEquals(302, get(location(next)).statusCode(), "Open WebUI accepts the code");
    }

    @Test
    void aWrongCodeShowsTheCodePageAgainAndDenyingConsentSendsAccessDeniedBack() throws Exception {
        signIn();
        idp.setPromptOnSilentSso(IdpPrompt.ONE_TIME_CODE);
        Map<String, String> answer = hiddenFields(get(location(get(owui.baseUrl() + "/oauth/oidc/login"))).body());
        answer.put("otc", "000000");
        HttpResponse<String> again = post(idp.baseUrl() + "/interaction", answer);
        assertTrue(again.body().contains("That code didn&#39;t work") && again.body().contains("one-time-code"), again.body());

        idp.setPromptOnSilentSso(IdpPrompt.CONSENT);
        answer = hiddenFields(get(location(get(owui.baseUrl() + "/oauth/oidc/login"))).body());
        answer.put("consent", "deny");
        String back = location(post(idp.baseUrl() + "/interaction", answer));
        assertTrue(back.startsWith(owui.baseUrl() + "/oauth/oidc/callback?error=access_denied&state="), back);
    }

    // ---- helpers ----

    /** A form login through the chain, leaving an IdP session in the cookie jar. */
    private void signIn() throws Exception {
        HttpResponse<String> form = get(location(get(owui.baseUrl() + "/oauth/oidc/login")));
        HttpResponse<String> withCode = get(location(post(idp.baseUrl() + "/login", loginForm(form.body()))));
        assertEquals(302, get(location(withCode)).statusCode());
    }

    private static Map<String, String> loginForm(String html) {
        Map<String, String> form = hiddenFields(html);
        form.put("username", FakeIdp.USERNAME);
        form.put("password", FakeIdp.PASSWORD);
        return form;
    }

    /** The hidden inputs of a page (the authorization request and the prompt's name). */
    private static Map<String, String> hiddenFields(String html) {
        Map<String, String> out = new LinkedHashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(html);
        while (m.find()) {
            out.put(m.group(1), m.group(2).replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'")
                    .replace("&lt;", "<").replace("&gt;", ">"));
        }
        return out;
    }

    private HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)));
    }

    private HttpResponse<String> post(String url, Map<String, String> form) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.encode(form))));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        String host = request.build().uri().getHost();
        Map<String, String> cookies = jar.computeIfAbsent(host, h -> new LinkedHashMap<>());
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((k, v) -> header.append(header.isEmpty() ? "" : "; ").append(k).append('=').append(v));
            request.header("Cookie", header.toString());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return response;
    }

    private static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                "expected a redirect, got " + response.statusCode()));
    }
}
