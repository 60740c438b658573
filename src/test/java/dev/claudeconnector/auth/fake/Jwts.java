package dev.claudeconnector.auth.fake;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Minimal HS256 JSON Web Tokens, enough to stand in for the tokens Open WebUI mints with PyJWT.
 * Public so tests can read claims (e.g. {@code exp}) of a token the product stored.
 */
public final class Jwts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final String HEADER = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private Jwts() {
    }

    /** Signs {@code claims} (serialised in iteration order) with HS256 under {@code key}. */
    public static String mint(byte[] key, Map<String, ?> claims) {
        try {
            String body = B64.encodeToString(JSON.writeValueAsBytes(claims));
            String signingInput = HEADER + "." + body;
            return signingInput + "." + B64.encodeToString(hmac(key, signingInput));
        } catch (Exception e) {
            throw new IllegalStateException("cannot mint JWT", e);
        }
    }

    /**
     * The claims if the signature is right and {@code exp} (when present) is still ahead of {@code now};
     * empty otherwise. Like PyJWT, a token is expired once {@code exp <= now}.
     */
    public static Optional<Map<String, Object>> verify(byte[] key, String jwt, Instant now) {
        if (jwt == null) {
            return Optional.empty();
        }
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            byte[] expected = hmac(key, parts[0] + "." + parts[1]);
            if (!MessageDigest.isEqual(expected, B64D.decode(parts[2]))) {
                return Optional.empty();
            }
            Map<String, Object> claims = decode(jwt);
            if (claims.get("exp") instanceof Number exp && exp.longValue() <= now.getEpochSecond()) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The payload claims WITHOUT checking the signature or expiry (for assertions on a token). */
    public static Map<String, Object> decode(String jwt) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWT: expected three dot-separated parts");
        }
        try {
            return JSON.readValue(B64D.decode(parts[1]), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("JWT payload is not JSON", e);
        }
    }

    private static byte[] hmac(byte[] key, String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
