package dev.claudeconnector.auth.fake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.util.Map;

import static dev.claudeconnector.auth.fake.Hops.hiddenFields;
import static dev.claudeconnector.auth.fake.Hops.location;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake IdP's harder switches, checked hop by hop without a browser. */
class FakeIdpSwitchesSelfTest extends FakeSsoServers {
    private final Hops browser = new Hops();

    @Test
    void theSsoCookieCanBeSessionOnly() throws Exception {
        idp.setSessionOnlyCookie(true);
        Map<String, String> form = hiddenFields(browser.get(location(browser.get(owui.baseUrl() + "/oauth/oidc/login"))).body());
        form.put("username", FakeIdp.USERNAME);
        form.put("password", FakeIdp.PASSWORD);
        String cookie = browser.post(idp.baseUrl() + "/login", form).headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith(FakeIdp.SESSION_COOKIE + "=") && cookie.contains("HttpOnly") && cookie.contains("Path=/"), cookie);
        assertFalse(cookie.contains("Max-Age") || cookie.contains("Expires"), "a session cookie: " + cookie);
    }

    @ParameterizedTest
    @EnumSource(IdpPrompt.class)
    void aPromptReplacesOnlyTheSilentHopAndAPersonGetsThrough(IdpPrompt prompt) throws Exception {
        assertEquals(302, browser.signIn(owui, idp).statusCode(), "the hop right after the form login is not affected");
        idp.setPromptOnSilentSso(prompt);
        HttpResponse<String> page = browser.get(location(browser.get(owui.baseUrl() + "/oauth/oidc/login")));
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
        HttpResponse<String> next = browser.post(idp.baseUrl() + "/interaction", answer);
        if (prompt == IdpPrompt.USERNAME_FIRST) {
            assertTrue(next.body().contains("type=\"password\"") && next.body().contains("value=\"ada\""), "then the password");
            return;
        }
        assertEquals(302, next.statusCode(), next.body());
        assertTrue(location(next).startsWith(owui.baseUrl() + "/oauth/oidc/callback?code="), location(next));
        assertEquals(302, browser.get(location(next)).statusCode(), "Open WebUI accepts the code");
    }

    @Test
    void aWrongCodeShowsTheCodePageAgainAndDenyingConsentSendsAccessDeniedBack() throws Exception {
        browser.signIn(owui, idp);
        idp.setPromptOnSilentSso(IdpPrompt.ONE_TIME_CODE);
        Map<String, String> answer = hiddenFields(browser.get(location(browser.get(owui.baseUrl() + "/oauth/oidc/login"))).body());
        answer.put("otc", "000000");
        String again = browser.post(idp.baseUrl() + "/interaction", answer).body();
        assertTrue(again.contains("That code didn&#39;t work") && again.contains("one-time-code"), again);

        idp.setPromptOnSilentSso(IdpPrompt.CONSENT);
        answer = hiddenFields(browser.get(location(browser.get(owui.baseUrl() + "/oauth/oidc/login"))).body());
        answer.put("consent", "deny");
        String back = location(browser.post(idp.baseUrl() + "/interaction", answer));
        assertTrue(back.startsWith(owui.baseUrl() + "/oauth/oidc/callback?error=access_denied&state="), back);
    }
}
