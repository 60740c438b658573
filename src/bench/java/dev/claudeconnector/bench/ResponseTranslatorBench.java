package dev.claudeconnector.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudeconnector.translate.ResponseTranslator;
import dev.claudeconnector.translate.ToolNames;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * A whole (non-streaming) OpenAI {@code chat.completion} to an Anthropic {@code Message}: part of
 * the added latency of a non-streaming call (DESIGN: ≤ 1 ms at the median, all of the proxy).
 * {@code answer}: {@code text} is a ~3 KB prose answer ({@code finish_reason: stop});
 * {@code tool_use} is a short text plus a Write call whose arguments carry a ~1.5 KB file.
 * {@link #translate} is the translator alone; {@link #parseTranslateSerialise} is the proxy's
 * whole CPU path for the answer: upstream bytes in, client bytes out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResponseTranslatorBench {
    @Param({"text", "tool_use"})
    public String answer;

    private JsonNode completion;
    private byte[] completionBytes;
    private ToolNames names;

    @Setup(Level.Trial)
    public void setUp() {
        names = Inputs.toolNames();
        completionBytes = Inputs.bytes(completion(answer.equals("tool_use")));
        completion = Inputs.parse(completionBytes);
        ObjectNode message = translate();
        int expectedBlocks = answer.equals("tool_use") ? 2 : 1;
        if (message.path("content").size() != expectedBlocks) {
            throw new IllegalStateException("unexpected translation: " + message);
        }
        System.out.printf("%n[input] %s: %,d bytes of chat.completion -> %,d bytes of Message (stop_reason %s)%n",
                answer, completionBytes.length, Inputs.size(message), message.path("stop_reason").asText());
    }

    @Benchmark
    public ObjectNode translate() {
        return ResponseTranslator.toAnthropic(completion, "msg_0123456789abcdef0123456789abcdef", "claude-opus-5-5", names);
    }

    @Benchmark
    public byte[] parseTranslateSerialise() throws IOException {
        JsonNode parsed = Inputs.JSON.readTree(completionBytes);
        ObjectNode message = ResponseTranslator.toAnthropic(parsed, "msg_0123456789abcdef0123456789abcdef",
                "claude-opus-5-5", names);
        return Inputs.JSON.writeValueAsBytes(message);
    }

    /** A chat.completion as Open WebUI relays it from a Claude model. */
    static ObjectNode completion(boolean toolUse) {
        ObjectNode out = Inputs.JSON.createObjectNode();
        out.put("id", "chatcmpl-54ef6dd7aace4e99b5c2ec2d").put("object", "chat.completion")
                .put("created", 1_795_479_806L).put("model", "claude-sonnet-4.5");
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (toolUse) {
            message.put("content", "I will create the file and then compile it.");
            Map<String, String> arguments = new LinkedHashMap<>();
            arguments.put("file_path", "/home/user/project/src/demo/Hello.java");
            arguments.put("content", Inputs.javaSource(1500));
            ObjectNode call = message.putArray("tool_calls").addObject();
            call.put("id", "call_1dd247524d9341d5a0e4d71a").put("type", "function");
            call.putObject("function").put("name", "Write")
                    .put("arguments", new String(Inputs.bytes(arguments), StandardCharsets.UTF_8));
            choice.put("finish_reason", "tool_calls");
        } else {
            message.put("content", Inputs.prose(3000));
            choice.put("finish_reason", "stop");
        }
        choice.putNull("logprobs");
        out.putObject("usage").put("prompt_tokens", 12_480).put("completion_tokens", 512).put("total_tokens", 12_992);
        return out;
    }
}
