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

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.not;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
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
            String calls = Sse.openAiStream(true,
                    chunk("{\"role\":\"assistant\",\"content\":\"I will write both files.\"}", null),
                    chunk(toolCall(0, "call_w1", a, "alpha"), null),
                    chunk(toolCall(1, "call_w2", b, "beta"), null),
                    chunk("{}", "tool_calls"),
                    "{\"choices\":[],\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":60}}");
            String done = Sse.openAiStream(true,
                    chunk("{\"role\":\"assistant\",\"content\":\"Both files are written.\"}", null),
                    chunk("{}", "stop"),
                    "{\"choices\":[],\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":8}}");
            // Anything else Claude Code asks (titles, summaries) gets a short plain answer.
            h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).atPriority(10)
                    .willReturn(sse(Sse.openAiStream(true, chunk("{\"content\":\"ok\"}", "stop")))));
            h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).atPriority(2)
                    .withRequestBody(containing("WRITE-TWO-FILES"))
                    .withRequestBody(not(matchingJsonPath("$.messages[?(@.role == 'tool')]")))
                    .willReturn(sse(calls)));
            h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).atPriority(1)
                    .withRequestBody(containing("WRITE-TWO-FILES"))
                    .withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]"))
                    .willReturn(sse(done)));

            List<String> command = List.of(claude.get().toString(), "-p",
                    "WRITE-TWO-FILES: create alpha.txt and beta.txt", "--allowedTools", "Write",
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
            assertTrue(output.contains("Both files are written."), output);

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

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder sse(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body);
    }

    private static String chunk(String delta, String finish) {
        return "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }

    private static String toolCall(int index, String id, String path, String content) {
        String args = "{\\\"file_path\\\": \\\"" + path + "\\\", \\\"content\\\": \\\"" + content + "\\\"}";
        return "{\"tool_calls\":[{\"index\":" + index + ",\"id\":\"" + id + "\",\"type\":\"function\","
                + "\"function\":{\"name\":\"Write\",\"arguments\":\"" + args + "\"}}]}";
    }

    private static Optional<Path> onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
