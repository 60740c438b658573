package dev.claudeconnector.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudeconnector.translate.SseEvent;
import dev.claudeconnector.translate.StreamTranslator;
import dev.claudeconnector.translate.ToolNames;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost per upstream chunk of a streamed answer (DESIGN: every chunk forwarded as it arrives, so
 * the work per chunk is what a chunk waits for). The stream is one realistic answer of
 * {@value #CHUNKS} OpenAI chunks: the role chunk, 40 text deltas, a Write tool call (header, then
 * 60 argument fragments of a ~1.5 KB Java file), a Bash tool call (header, 8 fragments), the
 * finish chunk and Open WebUI's trailing usage-only chunk. Each invocation runs the whole answer
 * through a new {@link StreamTranslator} ({@code start}, every chunk, {@code finish}); the score
 * is per chunk.
 * <ul>
 * <li>{@link #translate}: chunk tree to Anthropic events.</li>
 * <li>{@link #translateAndWire}: plus each event as the bytes written to the client
 *     ({@code SseEvent.wireBytes()}, as {@code SseChannel} writes them).</li>
 * <li>{@link #relay}: the proxy's whole CPU work per upstream {@code data:} line, as
 *     {@code StreamRelay} does it: parse the line's bytes, translate, serialise.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StreamTranslatorBench {
    static final int CHUNKS = 113;
    private static final String DATA = "data:";

    private List<JsonNode> chunks;
    private List<String> lines;
    /** The lines' JSON as UTF-8, as {@code StreamRelay} hands it to the parser (after "data:" and the space). */
    private List<byte[]> lineJson;
    private ToolNames names;

    @Setup(Level.Trial)
    public void setUp() {
        names = Inputs.toolNames();
        lines = upstreamLines();
        chunks = new ArrayList<>();
        lineJson = new ArrayList<>();
        for (String line : lines) {
            String json = line.substring(DATA.length()).strip();
            chunks.add(Inputs.parse(json));
            lineJson.add(json.getBytes(StandardCharsets.UTF_8));
        }
        if (chunks.size() != CHUNKS) {
            throw new IllegalStateException("the stream has " + chunks.size() + " chunks, not " + CHUNKS);
        }
        check();
    }

    @Benchmark
    @OperationsPerInvocation(CHUNKS)
    public void translate(Blackhole bh) {
        StreamTranslator translator = newTranslator();
        bh.consume(translator.start());
        for (JsonNode chunk : chunks) {
            bh.consume(translator.onChunk(chunk));
        }
        bh.consume(translator.finish());
    }

    @Benchmark
    @OperationsPerInvocation(CHUNKS)
    public void translateAndWire(Blackhole bh) {
        StreamTranslator translator = newTranslator();
        write(translator.start(), bh);
        for (JsonNode chunk : chunks) {
            write(translator.onChunk(chunk), bh);
        }
        write(translator.finish(), bh);
    }

    @Benchmark
    @OperationsPerInvocation(CHUNKS)
    public void relay(Blackhole bh) throws IOException {
        StreamTranslator translator = newTranslator();
        write(translator.start(), bh);
        for (byte[] json : lineJson) {
            JsonNode chunk = Inputs.JSON.readTree(json, 0, json.length);
            write(translator.onChunk(chunk), bh);
        }
        write(translator.finish(), bh);
    }

    private StreamTranslator newTranslator() {
        return new StreamTranslator("msg_0123456789abcdef0123456789abcdef", "claude-opus-5-5", names, 12_500);
    }

    private static void write(List<SseEvent> events, Blackhole bh) {
        for (SseEvent event : events) {
            bh.consume(event.wireBytes());
        }
    }

    /** The upstream's {@code data:} lines (without {@code [DONE]}), in Open WebUI's OpenAI chunk shape. */
    static List<String> upstreamLines() {
        List<ObjectNode> deltas = new ArrayList<>();
        List<String> finishReasons = new ArrayList<>();
        ObjectNode role = Inputs.JSON.createObjectNode().put("role", "assistant").put("content", "");
        deltas.add(role);
        for (String piece : split(Inputs.prose(800), 40)) {
            deltas.add(Inputs.JSON.createObjectNode().put("content", piece));
        }
        addToolCall(deltas, 0, "call_1dd247524d9341d5a0e4d71a", "Write",
                json(Map.of("file_path", "/home/user/project/src/demo/Hello.java", "content", Inputs.javaSource(1500))), 60);
        Map<String, String> bash = new LinkedHashMap<>();
        bash.put("command", "cd /home/user/project && javac -d out src/demo/Hello.java && java -cp out demo.Hello");
        bash.put("description", "Compile and run Hello");
        addToolCall(deltas, 1, "call_77c0f2b1e0a94d4c8d7f0e35", "Bash", json(bash), 8);
        deltas.forEach(d -> finishReasons.add(null));
        deltas.add(Inputs.JSON.createObjectNode());
        finishReasons.add("tool_calls");

        List<String> out = new ArrayList<>();
        for (int i = 0; i < deltas.size(); i++) {
            ObjectNode chunk = envelope();
            ObjectNode choice = chunk.putArray("choices").addObject();
            choice.put("index", 0);
            choice.set("delta", deltas.get(i));
            choice.putNull("logprobs");
            choice.put("finish_reason", finishReasons.get(i));
            out.add("data: " + json(chunk));
        }
        ObjectNode usage = envelope();
        usage.putArray("choices");
        usage.putObject("usage").put("prompt_tokens", 12_480).put("completion_tokens", 742).put("total_tokens", 13_222);
        out.add("data: " + json(usage));
        return out;
    }

    private static void addToolCall(List<ObjectNode> deltas, int index, String id, String name, String arguments, int fragments) {
        ObjectNode header = Inputs.JSON.createObjectNode();
        ObjectNode call = header.putArray("tool_calls").addObject();
        call.put("index", index).put("id", id).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", "");
        deltas.add(header);
        for (String piece : split(arguments, fragments)) {
            ObjectNode fragment = Inputs.JSON.createObjectNode();
            fragment.putArray("tool_calls").addObject().put("index", index).putObject("function").put("arguments", piece);
            deltas.add(fragment);
        }
    }

    private static ObjectNode envelope() {
        return Inputs.JSON.createObjectNode().put("id", "chatcmpl-54ef6dd7aace4e99b5c2ec2d").put("object", "chat.completion.chunk")
                .put("created", 1_795_479_806L).put("model", "claude-sonnet-4.5");
    }

    /** {@code text} cut into exactly {@code n} non-empty pieces of (nearly) equal length, anywhere (as tokens fall). */
    private static List<String> split(String text, int n) {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pieces.add(text.substring(i * text.length() / n, (i + 1) * text.length() / n));
        }
        return pieces;
    }

    private static String json(Object value) {
        return new String(Inputs.bytes(value), StandardCharsets.UTF_8);
    }

    /** The stream must come out as three blocks (text, Write, Bash) whose tool inputs are the JSON sent. */
    private void check() {
        StreamTranslator translator = newTranslator();
        List<SseEvent> events = new ArrayList<>(translator.start());
        chunks.forEach(c -> events.addAll(translator.onChunk(c)));
        events.addAll(translator.finish());
        Map<Integer, StringBuilder> partialJson = new LinkedHashMap<>();
        List<String> blocks = new ArrayList<>();
        for (SseEvent e : events) {
            if (e.type().equals("content_block_start")) {
                blocks.add(e.data().path("content_block").path("type").asText());
            } else if (e.data().path("delta").path("type").asText().equals("input_json_delta")) {
                partialJson.computeIfAbsent(e.data().path("index").asInt(), i -> new StringBuilder())
                        .append(e.data().path("delta").path("partial_json").asText());
            }
        }
        String last = events.get(events.size() - 1).type();
        if (!blocks.equals(List.of("text", "tool_use", "tool_use")) || !last.equals("message_stop") || partialJson.size() != 2) {
            throw new IllegalStateException("unexpected event sequence: blocks " + blocks + ", last " + last);
        }
        JsonNode write = Inputs.parse(partialJson.get(1).toString());
        if (write.path("content").asText().length() < 1400) {
            throw new IllegalStateException("Write's input did not come through: " + write);
        }
        System.out.printf("%n[input] %d upstream chunks (%,d bytes of data: lines) -> %d Anthropic events%n",
                chunks.size(), lines.stream().mapToInt(String::length).sum(), events.size());
    }
}
