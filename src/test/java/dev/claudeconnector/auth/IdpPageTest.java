package dev.claudeconnector.auth;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.claudeconnector.auth.IdpPage.Kind.ACCOUNT_PICKER;
import static dev.claudeconnector.auth.IdpPage.Kind.CONSENT;
import static dev.claudeconnector.auth.IdpPage.Kind.ONE_TIME_CODE;
import static dev.claudeconnector.auth.IdpPage.Kind.PASSWORD;
import static dev.claudeconnector.auth.IdpPage.Kind.USER_NAME;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The kinds of IdP page, recognised from what real IdPs put on them (fields, headings, buttons as the
 * browser-side reader collects them), and the pages that must not be mistaken for one.
 */
class IdpPageTest {
    private static IdpPage.Field field(String type, String name, String id, String autocomplete) {
        return new IdpPage.Field(type, name, id, autocomplete);
    }

    private static Optional<IdpPage.Kind> kind(String title, List<IdpPage.Field> fields, List<String> headings, List<String> buttons) {
        return IdpPage.classify(new IdpPage.Facts("complete", title, fields, headings, buttons));
    }

    @Test
    void passwordWinsWhereverItAppears() {
        assertEquals(Optional.of(PASSWORD), kind("Sign in to your account", List.of(field("password", "passwd", "i0118", "current-password")),
                List.of("Enter password"), List.of("Sign in", "Forgot my password")));
        assertEquals(Optional.of(PASSWORD), kind("Sign On", List.of(field("text", "UserName", "userNameInput", ""),
                field("password", "Password", "passwordInput", "off")), List.of(), List.of("Sign in"))); // ADFS, one page
    }

    @Test
    void identifierFirstPages() {
        assertEquals(Optional.of(USER_NAME), kind("Sign in to your account", List.of(field("email", "loginfmt", "i0116", "username")),
                List.of("Sign in"), List.of("Next", "Can't access your account?", "Sign-in options"))); // Entra ID
        assertEquals(Optional.of(USER_NAME), kind("Sign in - Google Accounts", List.of(field("email", "identifier", "identifierId",
                "username webauthn")), List.of("Sign in", "to continue to Open WebUI"), List.of("Forgot email?", "Next")));
        assertEquals(Optional.of(USER_NAME), kind("Okta", List.of(field("text", "identifier", "input28", "username")),
                List.of("Sign In"), List.of("Next", "Help")));
        assertEquals(Optional.of(USER_NAME), kind("Sign in to corp", List.of(field("text", "username", "username", "")),
                List.of("Sign in to your account"), List.of("Next"))); // Keycloak, username-only form
    }

    @Test
    void accountPickers() {
        assertEquals(Optional.of(ACCOUNT_PICKER), kind("Sign in to your account", List.of(), List.of("Pick an account"),
                List.of("Ada Lovelace ada@example.org Signed in", "Use another account"))); // Entra ID
        assertEquals(Optional.of(ACCOUNT_PICKER), kind("Sign in - Google Accounts", List.of(),
                List.of("Choose an account", "to continue to Open WebUI"), List.of("Ada Lovelace ada@example.org", "Use another account")));
    }

    @Test
    void oneTimeCodes() {
        assertEquals(Optional.of(ONE_TIME_CODE), kind("Sign in to your account", List.of(field("tel", "otc", "idTxtBx_SAOTCC_OTC",
                "one-time-code")), List.of("Enter code"), List.of("Verify"))); // Entra ID
        assertEquals(Optional.of(ONE_TIME_CODE), kind("Sign in to corp", List.of(field("text", "otp", "otp", "off")),
                List.of("Sign in to your account"), List.of("Sign In"))); // Keycloak OTP form
        assertEquals(Optional.of(ONE_TIME_CODE), kind("Okta", List.of(field("text", "credentials.passcode", "input59", "off")),
                List.of("Verify with Okta Verify"), List.of("Verify")));
        assertEquals(Optional.of(ONE_TIME_CODE), kind("Google Accounts", List.of(field("tel", "totpPin", "totpPin", "off")),
                List.of("2-Step Verification"), List.of("Next")));
        assertEquals(Optional.of(ONE_TIME_CODE), kind("Sign in to your account", List.of(), List.of("Approve sign in request"),
                List.of("I can't use my Microsoft Authenticator app right now"))); // push, no field
    }

    @Test
    void consentPages() {
        assertEquals(Optional.of(CONSENT), kind("Sign in to corp", List.of(), List.of("Do you grant these access privileges?"),
                List.of("Yes", "No"))); // Keycloak
        assertEquals(Optional.of(CONSENT), kind("Okta", List.of(), List.of("Open WebUI would like to:"),
                List.of("Allow Access", "Don't Allow")));
        assertEquals(Optional.of(CONSENT), kind("Permissions requested", List.of(), List.of("Permissions requested"),
                List.of("Accept", "Cancel"))); // Entra ID
    }

    @Test
    void pagesThatNameNothingAreLeftToTheStayingPutRule() {
        assertEquals(Optional.empty(), kind("Working...", List.of(), List.of(), List.of("Continue"))); // SAML auto-post
        assertEquals(Optional.empty(), kind("Sign in to your account", List.of(), List.of("More information required"),
                List.of("Next", "Use a different account")));
        assertEquals(Optional.empty(), kind("Sign in to your account", List.of(), List.of("Stay signed in?"), List.of("No", "Yes")));
        assertEquals(Optional.empty(), kind("Help", List.of(field("search", "q", "q", ""), field("text", "footprint", "", "")),
                List.of("Help centre"), List.of("Search")));
    }

    @Test
    void openWebUiErrorsAreDecodedAndTrimmedToOneSentence() {
        assertEquals(Optional.of("a b.c"), CallbackWatch.queryParam("x=1&error=a+b.c", "error"));
        assertEquals(Optional.of("a b"), CallbackWatch.queryParam("error=a%20b", "error"));
        assertEquals(Optional.empty(), CallbackWatch.queryParam("errors=1", "error"));
        assertEquals("Error during OAuth process.", DeadEnds.clean(" Error during\n OAuth\tprocess "));
        assertEquals("Failed.", DeadEnds.clean("Failed."));
        assertEquals(301, DeadEnds.clean("x".repeat(1000)).length());
    }

    @Test
    void callbacksOfEveryVersion() {
        assertEquals(true, CallbackWatch.isCallback("/oauth/oidc/callback"));
        assertEquals(true, CallbackWatch.isCallback("/oauth/microsoft/login/callback"));
        assertEquals(false, CallbackWatch.isCallback("/oauth/oidc/login"));
        assertEquals(false, CallbackWatch.isCallback("/oauth/clients/abc/callback/x"));
    }
}
