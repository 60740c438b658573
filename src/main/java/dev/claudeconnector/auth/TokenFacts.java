package dev.claudeconnector.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudeconnector.json.JsonTrees;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * What an Open WebUI token says about itself: its JWT payload, read without checking the
 * signature (only Open WebUI can, and it will). Claims: {@code id}, {@code exp} (absent when the
 * server never expires tokens), {@code iat}, {@code jti}.
 */
public record TokenFacts(Optional<Instant> expiresAt, Optional<Instant> issuedAt, Optional<String> id) {
    /** Facts of a token; a token that is not a readable JWT has none (and so never "expires soon"). */
    public static TokenFacts of(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.");
        if (parts.length < 2) {
            return new TokenFacts(Optional.empty(), Optional.empty(), Optional.empty());
        }
        try {
            JsonNode claims = JsonTrees.read(Base64.getUrlDecoder().decode(parts[1]));
            return new TokenFacts(seconds(claims.get("exp")), seconds(claims.get("iat")),
                    Optional.ofNullable(claims.get("jti")).filter(JsonNode::isTextual).map(JsonNode::asText));
        } catch (Exception notAJwt) {
            return new TokenFacts(Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * Whether Open WebUI could accept {@code token} at all: it takes a JWT (a session token) or an API key
     * ({@code sk-…}) and refuses anything else before looking it up ({@code utils/auth.py}, {@code get_current_user}).
     */
    public static boolean couldBeOpenWebUiToken(String token) {
        if (token == null || token.isBlank()) {
            return false;
        }
        if (token.startsWith("sk-")) {
            return true;
        }
        String[] parts = token.split("\\.");
        try {
            return parts.length == 3 && JsonTrees.read(Base64.getUrlDecoder().decode(parts[1])).isObject();
        } catch (Exception notAJwt) {
            return false;
        }
    }

    private static Optional<Instant> seconds(JsonNode n) {
        return n != null && n.isNumber() ? Optional.of(Instant.ofEpochSecond(n.asLong())) : Optional.empty();
    }

    /** True when the token has an expiry and it falls before {@code now + ahead}. */
    public boolean expiresWithin(Duration ahead, Instant now) {
        return expiresAt.map(exp -> exp.isBefore(now.plus(ahead))).orElse(false);
    }

    /** "expires at 2026-11-25T14:03:00Z (in 3 h 12 min)", "expired at … (5 min ago)" or "does not expire", for people. */
    public String describeExpiry(Instant now) {
        return expiresAt.map(exp -> (exp.isAfter(now) ? "expires at " : "expired at ") + exp
                + " (" + human(Duration.between(now, exp)) + ")").orElse("does not expire");
    }

    static String human(Duration d) {
        String text = length(d.abs());
        return d.isNegative() ? text + " ago" : "in " + text;
    }

    /** "3 h 12 min", "4 s": a length of time, rounded down, for people (an uptime, the time left). */
    public static String length(Duration d) {
        return d.toDays() > 0 ? d.toDays() + " d " + d.toHoursPart() + " h"
                : d.toHours() > 0 ? d.toHours() + " h " + d.toMinutesPart() + " min"
                : d.toMinutes() > 0 ? d.toMinutes() + " min"
                : d.toSeconds() + " s";
    }
}
