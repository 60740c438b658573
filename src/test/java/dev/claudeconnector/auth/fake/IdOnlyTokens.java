package dev.claudeconnector.auth.fake;

import java.util.Map;

/**
 * Session tokens as Open WebUI before 0.6.40 mints them when {@code JWT_EXPIRES_IN} is {@code -1} (its default up
 * to 0.6.30, and stored config, so it survives upgrades): {@code utils/auth.py} {@code create_token(data={"id": …},
 * expires_delta=None)} signs just {@code {"id": …}} with HS256 (PyJWT), no {@code exp}, {@code jti} or {@code iat},
 * so every token for a user is byte-identical. The OAuth callback ({@code utils/oauth.py}, 0.6.22 – 0.8.9) sets it
 * in a {@code token} cookie that is not HttpOnly and has no Max-Age.
 */
final class IdOnlyTokens {
    private IdOnlyTokens() {
    }

    static String mint(byte[] secret, String userId) {
        return Jwts.mint(secret, Map.of("id", userId));
    }

    static String cookie(String jwt) {
        return "token=" + jwt + "; Path=/; SameSite=Lax";
    }
}
