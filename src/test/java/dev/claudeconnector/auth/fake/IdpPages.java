package dev.claudeconnector.auth.fake;

import java.util.List;
import java.util.Map;

/**
 * The HTML pages of {@link FakeIdp}: its login form and the pages a real IdP may show in the middle of a
 * single sign-on that only a person can answer. Their form fields, headings and buttons follow real IdPs
 * (named at each page), because that is what the agent has to recognise; each form posts back to the fake,
 * so a person at a window could still get through.
 */
final class IdpPages {
    /** The authorization-request parameters every form carries along, as real IdPs keep them in hidden fields. */
    static final List<String> AUTHORIZE_PARAMS = List.of("client_id", "redirect_uri", "state", "response_type");

    private IdpPages() {
    }

    /**
     * The username-and-password form. {@code typeAfterMillis} >= 0 adds a script that fills in the right
     * credentials and submits after that delay, standing in for a person typing into a visible window.
     */
    static String login(Map<String, String> params, String username, String error, long typeAfterMillis) {
        String script = typeAfterMillis < 0 ? "" : """
                <script>
                  // Stands in for a person typing into a visible window.
                  setTimeout(function () {
                    document.getElementById('username').value = %s;
                    document.getElementById('password').value = %s;
                    document.getElementById('login').requestSubmit(); // not submit(): the button's id shadows it
                  }, %d);
                </script>
                """.formatted(Http.js(FakeIdp.USERNAME), Http.js(FakeIdp.PASSWORD), typeAfterMillis);
        return page("Fake SSO - Sign in", """
                  <h1>Sign in to Fake SSO</h1>
                  %s<form id="login" method="post" action="/login">
                %s    <label>Username <input type="text" name="username" id="username" autocomplete="username" value="%s"></label>
                    <label>Password <input type="password" name="password" id="password" autocomplete="current-password"></label>
                    <button type="submit" id="submit">Sign in</button>
                  </form>
                %s""".formatted(error == null ? "" : "<p class=\"error\" id=\"error\">" + Http.html(error) + "</p>\n  ",
                hidden(params), Http.html(username == null ? "" : username), script));
    }

    /** Microsoft Entra ID's "Pick an account": one tile per remembered account, no input field. */
    static String accountPicker(Map<String, String> params, FakeIdp.User user) {
        return page("Sign in to your account", """
                  <div role="heading" aria-level="1" id="loginHeader">Pick an account</div>
                  <form method="post" action="/interaction">
                %s    <input type="hidden" name="prompt" value="account">
                    <button type="submit" name="account" value="%s" data-test-id="%s">
                      <span>%s</span> <span>%s</span> <span>Signed in</span>
                    </button>
                  </form>
                  <a id="otherTile" href="#">Use another account</a>
                """.formatted(hidden(params), Http.html(user.username()), Http.html(user.email()),
                Http.html(user.name()), Http.html(user.email())));
    }

    /** An identifier-first page (Entra ID, Okta, Google): a user-name field and "Next", the password comes later. */
    static String usernameFirst(Map<String, String> params) {
        return page("Sign in to your account", """
                  <div role="heading" aria-level="1">Sign in</div>
                  <form method="post" action="/interaction">
                %s    <input type="hidden" name="prompt" value="username">
                    <input type="email" name="loginfmt" id="i0116" autocomplete="username" placeholder="Email, phone, or Skype">
                    <input type="submit" id="idSIButton9" value="Next">
                  </form>
                """.formatted(hidden(params)));
    }

    /** A one-time-code prompt (Entra ID's "Enter code" for an authenticator app; Keycloak's OTP form is alike). */
    static String oneTimeCode(Map<String, String> params, String error) {
        return page("Sign in to your account", """
                  <div role="heading" aria-level="1">Enter code</div>
                  <p>Enter the code displayed in the authenticator app on your mobile device</p>
                  %s<form method="post" action="/interaction">
                %s    <input type="hidden" name="prompt" value="code">
                    <input type="tel" name="otc" id="idTxtBx_SAOTCC_OTC" autocomplete="one-time-code" inputmode="numeric" maxlength="6">
                    <input type="submit" id="idSubmit_SAOTCC_Continue" value="Verify">
                  </form>
                """.formatted(error == null ? "" : "<p class=\"error\">" + Http.html(error) + "</p>\n  ", hidden(params)));
    }

    /** A consent page (Okta's and Keycloak's look alike): the client asks for scopes, Allow or Deny. */
    static String consent(Map<String, String> params) {
        String client = params.getOrDefault("client_id", "the application");
        return page("Fake SSO - Consent", """
                  <h1>%s wants to access your Fake SSO account</h1>
                  <h2>Permissions requested</h2>
                  <ul><li>View your email address</li><li>View your profile</li></ul>
                  <form method="post" action="/interaction">
                %s    <input type="hidden" name="prompt" value="consent">
                    <button type="submit" name="consent" value="allow">Allow</button>
                    <button type="submit" name="consent" value="deny">Deny</button>
                  </form>
                """.formatted(Http.html(client), hidden(params)));
    }

    /**
     * Entra ID's interruption when the organisation wants security information registered: nothing on it says
     * password, code, account or consent, so only its staying put gives it away.
     */
    static String moreInformation(Map<String, String> params) {
        return page("Sign in to your account", """
                  <div role="heading" aria-level="1">More information required</div>
                  <p>Your organization needs more information to keep your account secure</p>
                  <form method="post" action="/interaction">
                %s    <input type="hidden" name="prompt" value="more-information">
                    <input type="submit" id="idSubmit_ProofUp_Redirect" value="Next">
                  </form>
                  <a href="#">Use a different account</a>
                """.formatted(hidden(params)));
    }

    private static String hidden(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        for (String name : AUTHORIZE_PARAMS) {
            String value = params.get(name);
            if (value != null) {
                out.append("    <input type=\"hidden\" name=\"").append(name).append("\" value=\"")
                        .append(Http.html(value)).append("\">\n");
            }
        }
        return out.toString();
    }

    private static String page(String title, String body) {
        return """
                <!doctype html>
                <html>
                <head><meta charset="utf-8"><title>%s</title></head>
                <body>
                %s</body>
                </html>
                """.formatted(Http.html(title), body);
    }
}
