package dev.claudeconnector.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The training run behind the start-up cache drives the real proxy through every call it makes
 * (whole and streamed answers, tool calls, token counts) and fails when any of them does: a cache
 * trained on errors would hold the wrong classes.
 */
class TrainCommandTest {
    @Test
    void everyTrainingCallIsAnsweredAndTheRunEndsCleanly() {
        CliRun run = CliRun.of("train");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertEquals("", run.out(), "the training prints nothing of its own");
    }
}
