package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.claudeconnector.cli.CliRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Claude Code CLI started with exactly what {@code env} prints (evaluated by bash), through
 * the proxy (issue 10): no warning about a retired model, the model that answers shown by its
 * name, its real context window, and compaction before that window is full. Skipped only when
 * the {@code claude} executable is not installed ({@code .ci/run} installs it).
 *
 * <p>With {@code -p} and text output Claude Code prints its retirement warning to stderr at start
 * ("⚠ Claude Sonnet 4 was retired on June 15, 2026. Consider switching to a newer model."), the
 * same check ({@code I4r}/{@code WMt} in its bundle) as the notice of an interactive session; the
 * JSON output leaves the warning out and instead reports the model and context window it assumed.
 */
class ClaudeCodeEnvTest {
    /** Claude Code's model notices: "⚠ … was retired on …", "⚠ … remaps to …", "… retires …". */
    private static final Pattern WARNING = Pattern.compile("(?i)retire|⚠");

    @TempDir
    Path dir;

    @Test
    void noRetiredModelWarningAndTheAnsweringModelShownByNameWithTheWindowItHas() throws Exception {
        Path claude = claudeOrSkip();
        try (ProxyHarness h = ProxyHarness.start(dir.resolve("proxy"))) {
            h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).willReturn(sse(
                    chunk("{\"role\":\"assistant\",\"content\":\"hello from upstream\"}", "stop"),
                    "{\"choices\":[],\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":5}}")));
            String env = env(h, "-m", "claude-sonnet-4");

            // Control: the catalog's own name for the model, as `env` gave it before, makes this CLI warn.
            Run control = claude(claude, env + "export ANTHROPIC_MODEL='claude-sonnet-4';\n", dir, "-p", "hi",
                    "--output-format", "text");
            assertTrue(WARNING.matcher(control.output()).find(),
                    "control: this claude warns about 'claude-sonnet-4' (else the check below proves nothing): " + control.output());

            h.webui.resetRequests();
            Run run = claude(claude, env, dir, "-p", "hi", "--output-format", "text");
            assertEquals(0, run.exit(), run.output());
            assertTrue(run.stdout().contains("hello from upstream"), run.output());
            assertFalse(WARNING.matcher(run.output()).find(), "no model warning with what env prints: " + run.output());
            List<String> models = new ArrayList<>();
            for (JsonNode body : h.upstreamBodies()) {
                models.add(body.get("model").asText());
            }
            assertTrue(models.contains("claude-sonnet-4"),
                    "'Claude Sonnet 4' reached Open WebUI as the catalog model claude-sonnet-4: " + models);
            assertTrue(List.of("claude-sonnet-4", "claude-sonnet-4.5").containsAll(models), "only catalog models: " + models);

            Run json = claude(claude, env, dir, "-p", "hi", "--output-format", "json");
            assertEquals(0, json.exit(), json.output());
            JsonNode usage = ProxyHarness.JSON.readTree(json.stdout()).get("modelUsage");
            List<String> names = new ArrayList<>();
            usage.fieldNames().forEachRemaining(names::add);
            assertEquals(List.of("Claude Sonnet 4"), names, "Claude Code names the model that answers: " + usage);
            assertEquals(200_000, usage.get("Claude Sonnet 4").get("contextWindow").asInt(), "its real window: " + usage);
        }
    }

    @Test
    void claudeCodeCompactsTheConversationBeforeTheWindowIsFull() throws Exception {
        Path claude = claudeOrSkip();
        Path project = Files.createDirectories(dir.resolve("project"));
        int files = 11;
        for (int f = 0; f < files; f++) {
            // ~20k tokens each (Claude Code reads at most 25k at once): all of them are more than 200k.
            StringBuilder text = new StringBuilder();
            for (int line = 0; line < 400; line++) {
                for (int w = 0; w < 10; w++) {
                    text.append('w').append(f).append('_').append(line * 10 + w).append(w < 9 ? " " : "\n");
                }
            }
            Files.writeString(project.resolve("f" + f + ".txt"), text);
        }
        try (ReadingUpstream upstream = new ReadingUpstream(project, files);
             ProxyHarness h = ProxyHarness.startWithUpstream(dir.resolve("proxy"), upstream.url())) {
            Run run = claude(claude, env(h), project, "-p", ReadingUpstream.TASK + ": read f0.txt to f" + (files - 1) + ".txt, one at a time",
                    "--output-format", "text");
            assertEquals(0, run.exit(), run.output());
            assertTrue(run.stdout().contains(ReadingUpstream.DONE), run.output());
            assertEquals(files, upstream.reads.get(), "every file was read");
            assertTrue(upstream.compactions.get() >= 1, "Claude Code summarised the conversation on its own; prompt sizes: "
                    + upstream.promptTokens);
            int largest = Collections.max(upstream.promptTokens);
            assertTrue(largest < 200_000, "no prompt reached the 200k window: " + upstream.promptTokens);
        }
    }

    /** What {@code env} prints for this proxy (bash syntax). */
    private static String env(ProxyHarness h, String... more) {
        List<String> args = new ArrayList<>(List.of("env", "--shell", "bash", "--auth-file", h.authFile.toString(),
                "--port", String.valueOf(h.proxy.port())));
        args.addAll(List.of(more));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        return run.out();
    }

    record Run(int exit, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    /**
     * Runs claude in {@code workDir} from bash after {@code eval "$(env lines)"}, in an environment
     * without the caller's ANTHROPIC_ and CLAUDE variables and with a fresh home.
     */
    private Run claude(Path claude, String envLines, Path workDir, String... args) throws Exception {
        Path lines = Files.createTempFile(dir, "env", ".sh");
        Files.writeString(lines, envLines);
        Path home = Files.createTempDirectory(dir, "home");
        Path out = Files.createTempFile(dir, "claude", ".out");
        Path err = Files.createTempFile(dir, "claude", ".err");
        List<String> command = new ArrayList<>(List.of("bash", "-c", "eval \"$(cat \"$1\")\"; shift; exec \"$@\"", "_",
                lines.toString(), claude.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("ANTHROPIC_") || k.startsWith("CLAUDE") || k.startsWith("DISABLE_"));
        env.put("HOME", home.toString());
        Process p = pb.start();
        boolean ended = p.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        Run run = new Run(ended ? p.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        assertTrue(ended, "claude finished: " + run.output());
        return run;
    }

    /**
     * An Open WebUI stand-in for a session that reads one file per turn: while files are left it
     * answers with a Read tool call for the next one, then with {@link #DONE}; asked to summarise
     * the conversation (Claude Code's compaction prompt) it answers with a summary. It reports the
     * prompt's tokens as the proxy's count_tokens estimate (cl100k) counts them.
     */
    static final class ReadingUpstream implements AutoCloseable {
        static final String TASK = "READ-FILES";
        static final String DONE = "All files are read.";
        private static final String COMPACTION = "Your task is to create a detailed summary";

        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger compactions = new AtomicInteger();
        final List<Integer> promptTokens = Collections.synchronizedList(new ArrayList<>());
        private final TokenCounter counter = new TokenCounter();
        private final Path project;
        private final int files;
        private final HttpServer server;

        ReadingUpstream(Path project, int files) throws IOException {
            this.project = project;
            this.files = files;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
            server.createContext("/api/chat/completions", this::answer);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void answer(HttpExchange ex) throws IOException {
            String request = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int tokens = counter.count(ProxyHarness.JSON.readTree(request));
            promptTokens.add(tokens);
            ObjectNode delta = ProxyHarness.JSON.createObjectNode().put("role", "assistant");
            String finish = "stop";
            if (request.contains(COMPACTION)) {
                compactions.incrementAndGet();
                delta.put("content", "<summary>The user asked: " + TASK + ", reading f0.txt to f" + (files - 1)
                        + ".txt one at a time; " + reads.get() + " are read.</summary>");
            } else if (request.contains(TASK) && reads.get() < files) {
                int next = reads.getAndIncrement();
                ArrayNode calls = delta.putArray("tool_calls");
                ObjectNode call = calls.addObject().put("index", 0).put("id", "call_read_" + next).put("type", "function");
                call.putObject("function").put("name", "Read").put("arguments", ProxyHarness.JSON.createObjectNode()
                        .put("file_path", project.resolve("f" + next + ".txt").toString()).toString());
                finish = "tool_calls";
            } else {
                delta.put("content", request.contains(TASK) ? DONE : "ok");
            }
            String body = Sse.openAiStream(true, chunk(delta.toString(), finish),
                    "{\"choices\":[],\"usage\":{\"prompt_tokens\":" + tokens + ",\"completion_tokens\":20}}");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder sse(String... chunks) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(Sse.openAiStream(true, chunks));
    }

    private static String chunk(String delta, String finish) {
        return "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }

    private static Path claudeOrSkip() {
        Optional<Path> claude = Optional.empty();
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, "claude");
            if (claude.isEmpty() && Files.isExecutable(p)) {
                claude = Optional.of(p);
            }
        }
        Assumptions.assumeTrue(claude.isPresent(), "the Claude Code CLI is not installed");
        return claude.get();
    }
}
