package dev.claudeconnector.auth.fake;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A person answering one of the {@link IdpPrompt} pages (their forms post to {@code /interaction}): the account
 * tile, "Next" and Allow lead on with a code; the user name leads to the password form; a wrong one-time code
 * shows the code page again; Deny sends {@code error=access_denied} back to the client (RFC 6749, 4.1.2.1).
 */
final class PromptAnswers {
    interface CodeIssuer {
        void issue(HttpExchange exchange, FakeIdp.User user, Map<String, String> authorizeParams) throws IOException;
    }

    interface LoginForm {
        void show(HttpExchange exchange, Map<String, String> authorizeParams, String username) throws IOException;
    }

    private PromptAnswers() {
    }

    /** {@code user} is the IdP session's, or null without a live session (then the login form, as a real IdP does). */
    static void answer(HttpExchange exchange, Map<String, String> form, FakeIdp.User user, CodeIssuer codes,
                       LoginForm login) throws IOException {
        Map<String, String> params = FakeIdp.authorizeParams(form);
        String prompt = form.getOrDefault("prompt", "");
        if (prompt.equals("username") || user == null) {
            login.show(exchange, params, form.get("loginfmt")); // the password comes next
            return;
        }
        switch (prompt) {
            case "account", "more-information" -> codes.issue(exchange, user, params);
            case "code" -> {
                if (IdpPrompt.CODE.equals(form.get("otc"))) {
                    codes.issue(exchange, user, params);
                } else {
                    Http.sendHtml(exchange, 200, IdpPages.oneTimeCode(params, "That code didn't work. Check the code and try again."));
                }
            }
            case "consent" -> {
                if ("allow".equals(form.get("consent"))) {
                    codes.issue(exchange, user, params);
                } else {
                    backToClient(exchange, params, "error", "access_denied");
                }
            }
            default -> Http.send(exchange, 400, "text/plain", "invalid_request: unknown prompt");
        }
    }

    /** To the client's redirect_uri with {@code name=value} (a code, or an error) and the state. */
    static void backToClient(HttpExchange exchange, Map<String, String> q, String name, String value) throws IOException {
        Map<String, String> back = new LinkedHashMap<>();
        back.put(name, value);
        if (q.containsKey("state")) {
            back.put("state", q.get("state"));
        }
        String redirectUri = q.get("redirect_uri");
        Http.redirect(exchange, 302, redirectUri + (redirectUri.contains("?") ? "&" : "?") + Http.encode(back));
    }
}
