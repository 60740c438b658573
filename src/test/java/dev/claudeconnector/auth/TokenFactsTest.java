package dev.claudeconnector.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenFactsTest {
    private static String jwt(String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void readsExpIatAndJti() {
        TokenFacts f = TokenFacts.of(jwt("{\"id\":\"u1\",\"exp\":1800000000,\"iat\":1700000000,\"jti\":\"j-1\"}"));
        assertEquals(Instant.ofEpochSecond(1800000000), f.expiresAt().orElseThrow());
        assertEquals(Instant.ofEpochSecond(1700000000), f.issuedAt().orElseThrow());
        assertEquals("j-1", f.id().orElseThrow());
    }

    @Test
    void expiresWithinComparesAgainstNowPlusAhead() {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        TokenFacts f = TokenFacts.of(jwt("{\"exp\":" + now.plusSeconds(300).getEpochSecond() + "}"));
        assertTrue(f.expiresWithin(Duration.ofMinutes(10), now));
        assertFalse(f.expiresWithin(Duration.ofMinutes(4), now));
    }

    @Test
    void expiryIsDescribedAsFutureOrPast() {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        assertEquals("expires at 2026-11-25T13:12:00Z (in 3 h 12 min)",
                TokenFacts.of(jwt("{\"exp\":" + now.plusSeconds(3 * 3600 + 12 * 60).getEpochSecond() + "}")).describeExpiry(now));
        assertEquals("expired at 2026-11-25T09:55:00Z (5 min ago)",
                TokenFacts.of(jwt("{\"exp\":" + now.minusSeconds(300).getEpochSecond() + "}")).describeExpiry(now));
    }

    @Test
    void aTokenWithoutExpNeverExpiresSoon() {
        TokenFacts f = TokenFacts.of(jwt("{\"id\":\"u1\",\"jti\":\"x\"}"));
        assertTrue(f.expiresAt().isEmpty());
        assertFalse(f.expiresWithin(Duration.ofDays(3650), Instant.now()));
        assertEquals("does not expire", f.describeExpiry(Instant.now()));
    }

    @Test
    void garbageIsNotAJwtAndNotAnError() {
        assertTrue(TokenFacts.of("not-a-jwt").expiresAt().isEmpty());
        assertTrue(TokenFacts.of("a.%%%.c").expiresAt().isEmpty());
        assertTrue(TokenFacts.of(null).expiresAt().isEmpty());
    }
}
