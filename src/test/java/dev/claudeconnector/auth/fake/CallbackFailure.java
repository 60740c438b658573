package dev.claudeconnector.auth.fake;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * How Open WebUI's OAuth callback answers a sign-in it refuses ({@code utils/oauth.py}, {@code handle_callback}):
 * up to 0.6.25 a 400 with {@code {"detail": message}}; from 0.6.30 (the change landed between the two) a
 * Starlette {@code RedirectResponse} (307) to {@code <WEBUI_URL>/auth?error=<message>}, the message put in
 * unencoded (Starlette then percent-quotes the URL, keeping {@code :/%#?=@[]!$&'()*+,;}) until 0.8.12 switched
 * to {@code urllib.parse.quote_plus}. No cookie is set.
 */
final class CallbackFailure {
    static final String REDIRECT_SINCE = "0.6.30";
    static final String QUOTE_PLUS_SINCE = "0.8.12";
    private static final String STARLETTE_SAFE = ":/%#?=@[]!$&'()*+,;";

    private CallbackFailure() {
    }

    static void answer(HttpExchange exchange, String version, String baseUrl, String message) throws IOException {
        if (!FakeOpenWebUi.atLeast(version, REDIRECT_SINCE)) {
            Http.sendJson(exchange, 400, Map.of("detail", message));
            return;
        }
        String error = FakeOpenWebUi.atLeast(version, QUOTE_PLUS_SINCE) ? quote(message, "", true) : message;
        Http.redirect(exchange, 307, quote(baseUrl + "/auth?error=" + error, STARLETTE_SAFE, false));
    }

    /** Python's {@code urllib.parse.quote} (letters, digits and {@code _.-~} always safe); {@code plus}: quote_plus. */
    static String quote(String text, String safe, boolean plus) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (plus && c == ' ') {
                out.append('+');
            } else if (c < 128 && (Character.isLetterOrDigit(c) || "_.-~".indexOf(c) >= 0 || safe.indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
