package dev.claudeconnector.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudeconnector.translate.OpenAiRequest;
import dev.claudeconnector.translate.RequestBody;
import dev.claudeconnector.translate.RequestTranslator;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Anthropic request to OpenAI request (DESIGN target: a 1 MB conversation translated in ≤ 5 ms).
 *
 * <p>{@code conversation}: {@code fixture} is the recorded Claude Code request
 * (03_write_tool_result_request.json, ~50 KB: 12 tools, system blocks, a tool_use and its result);
 * {@code 1mb} repeats its four messages (mid-conversation system message included) up to 1 MiB;
 * {@code 1mb_turns} repeats only its user/assistant/tool_result turns up to 1 MiB (many small blocks).
 * {@link #translate} is the translator alone on a parsed tree; {@link #parseTranslateSerialise}
 * is the proxy's whole CPU path for a request body: bytes in ({@link RequestBody}, long strings kept
 * escaped), upstream bytes out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestTranslatorBench {
    @Param({"fixture", "1mb", "1mb_turns"})
    public String conversation;

    private JsonNode request;
    private byte[] requestBytes;

    @Setup(Level.Trial)
    public void setUp() {
        ObjectNode body = Inputs.fixtureBody();
        if (!conversation.equals("fixture")) {
            body = Inputs.grown(body, Inputs.ONE_MB, conversation.equals("1mb_turns"));
        }
        requestBytes = Inputs.bytes(body);
        request = Inputs.parse(requestBytes);
        // The same tree is translated again and again: that is only fair if translating leaves it alone.
        String before = request.toString();
        OpenAiRequest out = RequestTranslator.toOpenAi(request, Inputs.TARGET);
        if (!before.equals(request.toString())) {
            throw new IllegalStateException("RequestTranslator changed its input; the benchmark must copy it");
        }
        System.out.printf("%n[input] %s: %,d bytes in, %d messages -> %d upstream messages, %,d bytes out%n",
                conversation, requestBytes.length, request.get("messages").size(),
                out.body().get("messages").size(), Inputs.size(out.body()));
    }

    @Benchmark
    public OpenAiRequest translate() {
        return RequestTranslator.toOpenAi(request, Inputs.TARGET);
    }

    /** The same work on Jackson's {@code readTree} tree (every string decoded and escaped again): what {@link RequestBody} saves. */
    @Benchmark
    public byte[] viaReadTree() throws IOException {
        JsonNode parsed = Inputs.JSON.readTree(requestBytes);
        return Inputs.JSON.writeValueAsBytes(RequestTranslator.toOpenAi(parsed, Inputs.TARGET).body());
    }

    @Benchmark
    public byte[] parseTranslateSerialise() throws IOException {
        JsonNode parsed = RequestBody.parse(requestBytes);
        return Inputs.JSON.writeValueAsBytes(RequestTranslator.toOpenAi(parsed, Inputs.TARGET).body());
    }
}
