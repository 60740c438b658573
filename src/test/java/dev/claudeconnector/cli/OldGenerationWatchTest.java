package dev.claudeconnector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When the old-generation watch collects: the mark it sets, and that it waits for streams to end. */
class OldGenerationWatchTest {
    private static final long MB = 1L << 20;

    @Test
    void markIsOneAndAHalfTimesTheLiveSizeAndNeverBelowTwoThirdsOfTheOldGeneration() {
        long lowest = OldGenerationWatch.lowestMark(16 * MB); // the old generation the launcher's -Xms32m -Xmn16m leave
        assertEquals(16 * MB / 3 * 2, lowest, "below what is committed, so the watch collects before the JVM has to");
        assertEquals(lowest, OldGenerationWatch.mark(0, lowest));
        assertEquals(lowest, OldGenerationWatch.mark(7 * MB, lowest));
        assertEquals(12 * MB, OldGenerationWatch.mark(8 * MB, lowest), "a loaded proxy's live size: the mark stays inside the old generation");
        assertEquals(75 * MB, OldGenerationWatch.mark(50 * MB, lowest));
        assertEquals(OldGenerationWatch.FLOOR, OldGenerationWatch.lowestMark(3 * MB), "never a collection for a few MB");
    }

    @Test
    void collectsAtOnceWhenNothingIsStreamed() {
        assertTrue(OldGenerationWatch.collectNow(0, 33 * MB, 32 * MB));
    }

    @Test
    void fallingIdleCollectsOnlyWhenTheOldGenerationHoldsEnoughGarbage() {
        assertFalse(OldGenerationWatch.worthAnIdleCollection(12 * MB, 10 * MB));
        assertTrue(OldGenerationWatch.worthAnIdleCollection(18 * MB, 10 * MB));
    }

    @Test
    void waitsWhileAnswersAreStreamedUntilTwiceTheMark() {
        assertFalse(OldGenerationWatch.collectNow(1, 33 * MB, 32 * MB));
        assertFalse(OldGenerationWatch.collectNow(32, 63 * MB, 32 * MB));
        assertTrue(OldGenerationWatch.collectNow(32, 64 * MB, 32 * MB), "memory stays bounded while streams go on");
    }
}
