package dev.claudeconnector.auth;

import java.time.Duration;

/**
 * A limit for people ("waiting up to 5 min", "no sign-in within 20 s"): never shorter than the real
 * one, so a part minute counts as a whole one, and under a minute it is said in seconds.
 * ({@link TokenFacts#describeExpiry} does the opposite for a token's remaining life: it never
 * promises time the token does not have.)
 */
public final class Durations {
    private Durations() {
    }

    /** "45 s", "1 min" (for 60 s), "2 min" (for 61 s to 120 s), "1 h", "1 h 5 min". */
    public static String upTo(Duration limit) {
        long seconds = Math.max(0, (limit.toNanos() + 999_999_999L) / 1_000_000_000L);
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = (seconds + 59) / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    }
}
