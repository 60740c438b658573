package dev.claudeconnector.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Loads the recorded Claude Code requests and upstream streams under {@code /fixtures/}. */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> REQUESTS = List.of(
            "01_default_text_request.json", "02_write_tool_first_request.json", "03_write_tool_result_request.json",
            "04_bash_tool_result_request.json", "05_model_claude-sonnet-4-5_request.json",
            "06_model_custom_request.json", "07_bare_x-api-key_request.json", "08_nonstream_fallback_request.json",
            "09_disable_experimental_betas_request.json", "10_toolsearch_tool_reference_result_request.json");

    private Fixtures() {
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request body of a recorded Claude Code request (a fresh, mutable copy). */
    static ObjectNode request(String name) {
        return (ObjectNode) json(text(name)).get("body");
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON chunks of an OpenAI SSE stream, without the final {@code [DONE]}. */
    static List<JsonNode> openAiChunks(String name) {
        List<JsonNode> chunks = new ArrayList<>();
        for (String line : text(name).split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                chunks.add(json(line.substring(6)));
            }
        }
        return chunks;
    }
}
