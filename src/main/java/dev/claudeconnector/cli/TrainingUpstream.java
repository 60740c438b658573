package dev.claudeconnector.cli;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The stand-in Open WebUI of the training run ({@link TrainCommand}), and the Claude Code shaped
 * requests sent through the proxy to it. Its answers have the shapes of Open WebUI's
 * {@code POST /api/chat/completions} for an OpenAI-style connection (backend/open_webui/routers/openai.py
 * passes the provider's body and SSE stream through): whole completions with text or a tool call,
 * and streams of text deltas, a tool call in fragments, a finish reason, a usage chunk and
 * {@code data: [DONE]}; {@code GET /api/models} lists the catalog's models (main.py get_models).
 */
final class TrainingUpstream {
    private static final String MODELS = "{\"data\":[" + model("claude-sonnet-4.5") + "," + model("claude-sonnet-4")
            + "," + model("claude-opus-4.1") + "," + model("claude-3.7-sonnet") + "," + model("claude-3.5-sonnet") + "]}";
    private static final String TEXT = "{\"id\":\"chatcmpl-training\",\"object\":\"chat.completion\",\"created\":1795479806,"
            + "\"model\":\"claude-sonnet-4.5\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":"
            + "\"assistant\",\"content\":\"Created hello.txt.\"}}],\"usage\":{\"prompt_tokens\":1480,\"completion_tokens\":17,"
            + "\"total_tokens\":1497}}";
    private static final String TOOL = "{\"id\":\"chatcmpl-training\",\"object\":\"chat.completion\",\"created\":1795479806,"
            + "\"model\":\"claude-sonnet-4.5\",\"choices\":[{\"index\":0,\"finish_reason\":\"tool_calls\",\"message\":{\"role\":"
            + "\"assistant\",\"content\":\"Writing it.\",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":"
            + "{\"name\":\"Write\",\"arguments\":\"{\\\"file_path\\\":\\\"/tmp/hello.txt\\\",\\\"content\\\":\\\"hi\\\"}\"}}]}}],"
            + "\"usage\":{\"prompt_tokens\":1480,\"completion_tokens\":40,\"total_tokens\":1520}}";

    private TrainingUpstream() {
    }

    static WebServer start() {
        return WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(r -> r
                        .get("/api/models", (req, res) -> json(res, MODELS))
                        .post("/api/chat/completions", TrainingUpstream::chat))
                .build()
                .start();
    }

    private static void chat(ServerRequest req, ServerResponse res) throws IOException {
        String body = req.content().as(String.class);
        boolean tool = body.contains("tool #1");
        if (!body.contains("\"stream\":true")) {
            json(res, tool ? TOOL : TEXT);
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        try (OutputStream out = res.outputStream()) {
            event(out, "{\"role\":\"assistant\",\"content\":\"\"}", "null");
            for (int i = 0; i < 6; i++) {
                event(out, "{\"content\":\"part " + i + " of the answer. \"}", "null");
            }
            if (tool) {
                event(out, "{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":"
                        + "{\"name\":\"Write\",\"arguments\":\"\"}}]}", "null");
                event(out, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"file_path\\\":\"}}]}", "null");
                event(out, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"/tmp/a\\\",\\\"content\\\":\\\"hi\\\"}\"}}]}", "null");
            }
            event(out, "{}", tool ? "\"tool_calls\"" : "\"stop\"");
            send(out, "{\"id\":\"chatcmpl-training\",\"object\":\"chat.completion.chunk\",\"created\":1795479806,"
                    + "\"model\":\"claude-sonnet-4.5\",\"choices\":[],\"usage\":{\"prompt_tokens\":1480,\"completion_tokens\":40}}");
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void event(OutputStream out, String delta, String finish) throws IOException {
        send(out, "{\"id\":\"chatcmpl-training\",\"object\":\"chat.completion.chunk\",\"created\":1795479806,\"model\":"
                + "\"claude-sonnet-4.5\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]}");
    }

    private static void send(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void json(ServerResponse res, String body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String model(String id) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"object\":\"model\",\"owned_by\":\"openai\"}";
    }

    /** A Claude Code shaped request: system blocks, two tools, a tool round trip; every other one asks for a tool call. */
    static String request(int i, boolean stream) {
        String ask = i % 2 == 1 ? "tool #1" : "text #0";
        return "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":32000,\"stream\":" + stream + ","
                + "\"system\":[{\"type\":\"text\",\"text\":\"You are Claude Code, Anthropic's official CLI for Claude.\"},"
                + "{\"type\":\"text\",\"text\":\"" + "You are an interactive CLI tool that helps users with software "
                + "engineering tasks. ".repeat(40) + "\",\"cache_control\":{\"type\":\"ephemeral\"}}],"
                + "\"tools\":[" + tool("Write", "Writes a file to the local filesystem.", "file_path", "content") + ","
                + tool("Bash", "Executes a bash command.", "command", "description") + "],"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"<system-reminder>As you answer"
                + " the user's questions, you can use the following context.</system-reminder>\"},{\"type\":\"text\","
                + "\"text\":\"Write hello.txt, " + ask + " (" + i + ")\",\"cache_control\":{\"type\":\"ephemeral\"}}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"I'll write it.\"},{\"type\":\"tool_use\","
                + "\"id\":\"toolu_01\",\"name\":\"Write\",\"input\":{\"file_path\":\"/tmp/hello.txt\",\"content\":\"hi\"}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_01\",\"content\":"
                + "\"File created successfully at: /tmp/hello.txt\"},{\"type\":\"text\",\"text\":\"Now run it.\"}]}],"
                + "\"metadata\":{\"user_id\":\"training\"}}";
    }

    private static String tool(String name, String description, String first, String second) {
        return "{\"name\":\"" + name + "\",\"description\":\"" + description + "\",\"input_schema\":{\"type\":\"object\","
                + "\"properties\":{\"" + first + "\":{\"type\":\"string\"},\"" + second + "\":{\"type\":\"string\"}},"
                + "\"required\":[\"" + first + "\"],\"additionalProperties\":false,\"$schema\":"
                + "\"http://json-schema.org/draft-07/schema#\"}}";
    }
}
