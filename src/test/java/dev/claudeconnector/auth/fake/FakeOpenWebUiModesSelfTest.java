package dev.claudeconnector.auth.fake;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static dev.claudeconnector.auth.fake.Hops.location;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake Open WebUI's older behaviours: {id}-only identical tokens and refused callbacks, hop by hop. */
class FakeOpenWebUiModesSelfTest extends FakeSsoServers {
    private final Hops browser = new Hops();

    @Test
    void idOnlyTokensAreByteIdenticalValidAndInACookieWithoutMaxAge() throws Exception {
        owui.setIdOnlyTokens(true);
        String first = browser.signIn(owui, idp).headers().firstValue("Set-Cookie").orElseThrow();
        String second = browser.signIn(owui, idp).headers().firstValue("Set-Cookie").orElseThrow(); // silently this time
        assertEquals(first, second);
        assertTrue(first.startsWith("token=") && first.contains("Path=/") && first.contains("SameSite=Lax"), first);
        assertFalse(first.contains("Max-Age") || first.contains("HttpOnly"), first);
        String jwt = first.substring("token=".length(), first.indexOf(';'));
        assertEquals(List.of("id"), List.copyOf(Jwts.decode(jwt).keySet()));
        assertEquals(List.of(jwt, jwt), owui.tokens());
        assertTrue(owui.isValid(jwt));
    }

    @Test
    void aRefusedCallbackAnswersAsEachVersionDid() throws Exception {
        String message = "The email or password provided is incorrect. Please check for typos and try logging in again.";
        owui.setCallbackFailure(message);
        Map<String, String> expected = Map.of(
                "0.10.2", "/auth?error=The+email+or+password+provided+is+incorrect.+Please+check+for+typos+and+try+logging+in+again.",
                "0.6.30", "/auth?error=The%20email%20or%20password%20provided%20is%20incorrect.%20Please%20check%20for%20typos"
                        + "%20and%20try%20logging%20in%20again.");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            owui.setVersion(e.getKey());
            HttpResponse<String> refused = browser.signIn(owui, idp);
            assertEquals(307, refused.statusCode(), e.getKey());
            assertEquals(owui.baseUrl() + e.getValue(), location(refused), e.getKey());
            assertTrue(refused.headers().allValues("Set-Cookie").isEmpty(), "no token");
        }
        owui.setVersion("0.6.25");
        HttpResponse<String> old = browser.signIn(owui, idp);
        assertEquals(400, old.statusCode());
        assertEquals("{\"detail\":\"" + message + "\"}", old.body());
        assertEquals(0, owui.tokensIssued());
    }
}
