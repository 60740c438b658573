package dev.claudeconnector.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * Every class the training loads goes into the cache, and every cached class is loaded at each
     * start of the proxy: so none of what serving never needs (an ObjectMapper's ~520 classes,
     * picocli's command model, SecureRandom's provider, a YAML parser for the shipped defaults, a
     * metrics library).
     */
    @Test
    void theTrainingLoadsNothingThatServingDoesNotNeed(@TempDir Path home) throws Exception {
        Path loaded = home.resolve("classes.txt");
        ProcessRun run = ProcessRun.of(home, home, Map.of("HOME", home.toString(), "PATH", System.getenv("PATH")), 120,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xlog:class+load:file=" + loaded,
                "-Duser.home=" + home,
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train");
        run.ok();
        List<String> classes = Files.readAllLines(loaded).stream().map(line -> line.split(" ")[1]).toList();
        assertTrue(classes.contains("dev.claudeconnector.proxy.MessagesService"), "the log lists the proxy's classes");
        for (String unneeded : List.of("com.fasterxml.jackson.databind.ObjectMapper", "picocli.CommandLine$Model$CommandSpec",
                "sun.security.provider.Sun")) {
            assertFalse(classes.contains(unneeded), unneeded + " was loaded");
        }
        for (String unused : List.of("org.yaml.snakeyaml.Yaml", "org.yaml.snakeyaml.parser.ParserImpl")) {
            assertFalse(classes.contains(unused), unused + " was loaded: the shipped defaults were parsed as YAML");
        }
        for (String library : List.of("io.micrometer.", "io.helidon.metrics.providers.")) {
            assertEquals(List.of(), classes.stream().filter(c -> c.startsWith(library)).toList(), library + "* loaded");
        }
        try (var left = Files.list(home.resolve(".cache/claude-connector"))) {
            assertEquals(List.of(), left.toList(), "the training's folder is removed");
        }
    }
}
