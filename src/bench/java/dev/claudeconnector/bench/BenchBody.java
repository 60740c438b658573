package dev.claudeconnector.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Claude-Code-shaped request the benchmark sends: a recorded request's body (fixture 03 by
 * default) with its {@code tools} list cut down until the compact body is at most the target size.
 * Deterministic: the fixture's tools are taken in their order, each one kept if the body still fits
 * with it (so small tools after a big one can still fit); everything else is the recording's.
 *
 * @param nonStream the body with {@code "stream": false}
 * @param stream    the same with {@code "stream": true}
 */
record BenchBody(byte[] nonStream, byte[] stream, String model, List<String> toolsKept, int toolsInFixture) {

    @SuppressWarnings("unchecked")
    static BenchBody build(Path fixture, int targetBytes) throws IOException {
        Map<String, Object> recording = (Map<String, Object>) MiniJson.parse(Files.readString(fixture));
        Map<String, Object> body = (Map<String, Object>) recording.getOrDefault("body", recording);
        List<Object> tools = (List<Object>) body.getOrDefault("tools", new ArrayList<>());
        List<Object> all = new ArrayList<>(tools);
        body.put("stream", Boolean.FALSE);
        List<Object> kept = new ArrayList<>();
        body.put("tools", kept);
        for (Object tool : all) {
            kept.add(tool);
            if (size(body) > targetBytes) {
                kept.remove(kept.size() - 1);
            }
        }
        if (kept.isEmpty()) {
            body.remove("tools");
        }
        byte[] plain = MiniJson.write(body).getBytes(StandardCharsets.UTF_8);
        body.put("stream", Boolean.TRUE);
        byte[] streaming = MiniJson.write(body).getBytes(StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>();
        for (Object tool : kept) {
            names.add(String.valueOf(((Map<String, Object>) tool).get("name")));
        }
        return new BenchBody(plain, streaming, String.valueOf(body.get("model")), names, all.size());
    }

    private static int size(Map<String, Object> body) {
        return MiniJson.write(body).getBytes(StandardCharsets.UTF_8).length;
    }

    /** One line for the report: size, origin, which tools stayed. */
    String describe(Path fixture) {
        return String.format("%,d bytes (stream: %,d), %s with %d of its %d tools kept (%s), model %s",
                nonStream.length, stream.length, fixture.getFileName(), toolsKept.size(), toolsInFixture,
                String.join(", ", toolsKept), model);
    }
}
