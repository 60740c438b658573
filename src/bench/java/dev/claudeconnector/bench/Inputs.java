package dev.claudeconnector.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudeconnector.translate.RequestTranslator;
import dev.claudeconnector.translate.ToolNames;
import dev.claudeconnector.translate.UpstreamTarget;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Inputs the benchmarks share, all built before measuring: the recorded Claude Code request
 * (shipped inside benchmarks.jar under {@code /fixtures/}), conversations grown from it, and
 * realistic upstream answers.
 */
final class Inputs {
    /** Configured as the proxy's own mapper ({@code ProxyContext}): a plain ObjectMapper. */
    static final ObjectMapper JSON = new ObjectMapper();

    /** What the proxy passes for the shipped default model (claude-sonnet-4.5, 65,536 output tokens). */
    static final UpstreamTarget TARGET = new UpstreamTarget("claude-sonnet-4.5", 65_536, false);

    static final String FIXTURE = "03_write_tool_result_request.json";
    static final int ONE_MB = 1 << 20;

    private Inputs() {
    }

    /** The body of the recorded request: user, system, assistant (Write tool_use), user (tool_result); 12 tools. */
    static ObjectNode fixtureBody() {
        try (InputStream in = Inputs.class.getResourceAsStream("/fixtures/" + FIXTURE)) {
            if (in == null) {
                throw new IllegalStateException("fixture /fixtures/" + FIXTURE + " is not on the classpath");
            }
            return (ObjectNode) JSON.readTree(in).get("body");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The fixture with its messages repeated until the body is at least {@code bytes} long. Each
     * repetition gets its own tool-use ids, so every call keeps its own result as in a real session.
     *
     * @param turnsOnly false: repeat all four messages (a mid-conversation system message included,
     *                  as Claude Code sends them); true: repeat only the user text, assistant
     *                  tool_use and tool_result turns, i.e. many small blocks (more JSON nodes per byte)
     */
    static ObjectNode grown(ObjectNode fixture, int bytes, boolean turnsOnly) {
        ObjectNode body = fixture.deepCopy();
        ArrayNode original = (ArrayNode) fixture.get("messages");
        List<JsonNode> unit = new ArrayList<>();
        for (JsonNode message : original) {
            if (!turnsOnly || !"system".equals(message.path("role").asText())) {
                unit.add(message);
            }
        }
        ArrayNode messages = body.putArray("messages");
        original.forEach(messages::add);
        int repetition = 0;
        while (size(body) < bytes) {
            repetition++;
            for (JsonNode message : unit) {
                String text = message.toString().replace("\"toolu_", "\"toolu_r" + repetition + "_");
                messages.add(parse(text));
            }
        }
        return body;
    }

    /** The tool-name mapping a real request with the fixture's tools produces. */
    static ToolNames toolNames() {
        return RequestTranslator.toOpenAi(fixtureBody(), TARGET).toolNames();
    }

    static int size(JsonNode node) {
        return bytes(node).length;
    }

    static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Java source file of about {@code bytes} characters, as a model writes with the Write tool. */
    static String javaSource(int bytes) {
        StringBuilder code = new StringBuilder("package demo;\n\nimport java.util.List;\n\n/** Greets people. */\n"
                + "public final class Hello {\n");
        for (int i = 0; code.length() < bytes - 40; i++) {
            code.append("    /** Greeting number ").append(i).append(". */\n")
                    .append("    static String greet").append(i).append("(String name) {\n")
                    .append("        return \"Hello, \" + name + \"! (\" + ").append(i).append(" + \")\";\n")
                    .append("    }\n\n");
        }
        return code.append("}\n").toString();
    }

    /** Markdown prose of about {@code chars} characters, as a model answers. */
    static String prose(int chars) {
        String[] sentences = {
            "I created `hello.txt` in the project root with the requested content. ",
            "The file is small, so no further checks are needed; `cat hello.txt` shows it. ",
            "If you want, I can also add it to `.gitignore` or commit it with a short message. ",
            "\n\n- The path is `/home/user/project/hello.txt`.\n- Its content ends with a newline.\n\n",
        };
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < chars; i++) {
            text.append(sentences[i % sentences.length]);
        }
        return text.toString();
    }
}
