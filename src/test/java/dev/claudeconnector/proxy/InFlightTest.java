package dev.claudeconnector.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The proxy's count of what it is answering, and the moment it falls idle. */
class InFlightTest {
    @Test
    void theIdleActionRunsWhenTheLastRequestEndsOnly() {
        InFlight inFlight = new InFlight();
        AtomicInteger idle = new AtomicInteger();
        inFlight.whenIdle(idle::incrementAndGet);
        inFlight.begin();
        inFlight.begin();
        inFlight.end();
        assertEquals(0, idle.get(), "one request is still being answered");
        inFlight.end();
        assertEquals(1, idle.get());
        assertEquals(0, inFlight.active());
    }

    @Test
    void streamsAreCountedApart() {
        InFlight inFlight = new InFlight();
        inFlight.begin();
        inFlight.streamStarted();
        assertEquals(1, inFlight.streaming());
        inFlight.streamEnded();
        inFlight.end();
        assertEquals(0, inFlight.streaming());
    }
}
