package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Claude Code CLI against the proxy, with WireMock as an OpenAI-compatible Open WebUI:
 * asked to write two files, the "model" answers with two parallel Write tool calls in one stream,
 * Claude Code runs them and sends the results back, and the model finishes. Skipped only when the
 * {@code claude} executable is not installed ({@code .ci/run} installs it).
 */
class ClaudeCodeCliTest {
    @TempDir
    Path dir;

    @Test
    void claudeCodeWritesTwoFilesThroughTheProxyWithParallelToolCalls() throws Exception {
        Optional<Path> claude = onPath("claude");
        Assumptions.assumeTrue(claude.isPresent(), "the Claude Code CLI is not installed");
        Path project = Files.createDirectories(dir.resolve("project"));
        Path home = Files.createDirectories(dir.resolve("home"));
        String a = project.resolve("alpha.txt").toString();
        String b = project.resolve("beta.txt").toString();

        try (ProxyHarness h = ProxyHarness.start(dir.resolve("proxy"))) {
            ClaudeCodeScript.writeTwoFiles(h.webui, project);

            List<String> command = List.of(claude.get().toString(), "-p",
                    ClaudeCodeScript.PROMPT, "--allowedTools", "Write",
                    "--output-format", "text");
            ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("claude.out").toFile());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("ANTHROPIC_") || k.startsWith("CLAUDE"));
            env.put("HOME", home.toString());
            env.put("ANTHROPIC_BASE_URL", h.baseUrl());
            env.put("ANTHROPIC_AUTH_TOKEN", ProxyHarness.LOCAL_KEY);
            env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
            env.put("DISABLE_TELEMETRY", "1");
            env.put("DISABLE_ERROR_REPORTING", "1");
            env.put("DISABLE_AUTOUPDATER", "1");
            Process p = pb.start();
            boolean ended = p.waitFor(120, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            String output = Files.readString(dir.resolve("claude.out"), StandardCharsets.UTF_8);
            assertTrue(ended, "claude finished: " + output);
            assertEquals(0, p.exitValue(), output);
            assertEquals("alpha", Files.readString(Path.of(a)).strip(), output);
            assertEquals("beta", Files.readString(Path.of(b)).strip(), output);
            assertTrue(output.contains(ClaudeCodeScript.DONE), output);

            List<JsonNode> bodies = h.upstreamBodies();
            List<String> models = new ArrayList<>();
            for (int i = 0; i < bodies.size(); i++) {
                JsonNode body = bodies.get(i);
                models.add(body.get("model").asText());
                assertEquals("Bearer " + ProxyHarness.TOKEN, h.upstreamRequests().get(i).getHeader("Authorization"));
                assertTrue(body.get("messages").isArray() && !body.get("messages").isEmpty());
            }
            List<String> catalog = h.settings.models().stream().map(m -> m.upstreamId()).toList();
            assertTrue(catalog.containsAll(models), "only catalog model ids reach Open WebUI: " + models);
            JsonNode followUp = bodies.stream().filter(x -> x.toString().contains("\"role\":\"tool\"")).findFirst().orElseThrow();
            long toolMessages = 0;
            for (JsonNode m : followUp.get("messages")) {
                if (m.path("role").asText().equals("tool")) {
                    toolMessages++;
                }
            }
            assertEquals(2, toolMessages, "both tool results went back upstream");
        }
    }

    static Optional<Path> onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
