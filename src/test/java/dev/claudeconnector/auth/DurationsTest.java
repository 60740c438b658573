package dev.claudeconnector.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Limits said to people round up: "waiting up to 0 min" for 20 s was the bug. */
class DurationsTest {
    @Test
    void underAMinuteIsSaidInSeconds() {
        assertEquals("20 s", Durations.upTo(Duration.ofSeconds(20)));
        assertEquals("1 s", Durations.upTo(Duration.ofMillis(300)));
        assertEquals("59 s", Durations.upTo(Duration.ofSeconds(59)));
    }

    @Test
    void partMinutesRoundUp() {
        assertEquals("1 min", Durations.upTo(Duration.ofSeconds(60)));
        assertEquals("2 min", Durations.upTo(Duration.ofSeconds(61)));
        assertEquals("2 min", Durations.upTo(Duration.ofSeconds(90)));
        assertEquals("5 min", Durations.upTo(Duration.ofMinutes(5)));
        assertEquals("1 h", Durations.upTo(Duration.ofMinutes(60)));
        assertEquals("1 h 1 min", Durations.upTo(Duration.ofSeconds(3601)));
        assertEquals("2 h 30 min", Durations.upTo(Duration.ofMinutes(150)));
    }

    @Test
    void nothingNegative() {
        assertEquals("0 s", Durations.upTo(Duration.ZERO));
        assertEquals("0 s", Durations.upTo(Duration.ofSeconds(-5)));
    }
}
