package dev.claudeconnector.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One non-stream and one streamed request through the proxy, checked, while the stand-in keeps the
 * OpenAI bodies the proxy sent it: those exact bodies are what the direct measurements send.
 */
final class UpstreamBodies {
    private UpstreamBodies() {
    }

    /** @return {direct non-stream request, direct stream request}, complete HTTP requests to the stand-in */
    static byte[][] capture(StandIn up, int proxyPort, byte[] proxyPlain, byte[] proxyStream, int chunks,
                            List<String> notes) throws IOException {
        up.capture(true);
        try (RawHttp c = new RawHttp("127.0.0.1", proxyPort, 60_000)) {
            int status = c.exchange(proxyPlain, null);
            String answer = c.body();
            if (status != 200 || !answer.contains("\"type\":\"message\"") || !answer.contains("hi from proxy test")) {
                throw new IOException("the proxy's non-stream answer is not the stand-in's message: HTTP " + status + " "
                        + answer);
            }
            notes.add("proxy's non-stream answer (" + c.framing + "): " + shorten(answer, 400));
            List<String> events = new ArrayList<>();
            int[] texts = new int[1];
            status = c.exchange(proxyStream, (buf, off, len, nanos) -> {
                String line = new String(buf, off, len, StandardCharsets.UTF_8);
                if (line.startsWith("event:")) {
                    events.add(line.substring(6).strip());
                }
                if (StreamLag.stamp(buf, off, len) > 0) {
                    texts[0]++;
                }
            });
            if (status != 200 || texts[0] != chunks || events.isEmpty() || !events.get(events.size() - 1).equals("message_stop")) {
                throw new IOException("the proxy's stream is not the stand-in's: HTTP " + status + ", " + texts[0]
                        + " text chunks of " + chunks + ", events " + events);
            }
            notes.add("proxy's stream (" + c.framing + "): " + summarise(events));
        } finally {
            up.capture(false);
        }
        byte[] plain = up.lastPlain();
        byte[] stream = up.lastStream();
        if (plain == null || stream == null) {
            throw new IOException("the stand-in saw no completion request from the proxy");
        }
        notes.add(String.format("upstream bodies the proxy sent (and the direct calls send): %,d bytes non-stream,"
                + " %,d bytes stream", plain.length, stream.length));
        return new byte[][] {direct(plain, "application/json"), direct(stream, "text/event-stream")};
    }

    private static byte[] direct(byte[] body, String accept) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "Bearer " + RuntimeBench.TOKEN);
        h.put("Content-Type", "application/json");
        h.put("Accept", accept);
        return RawHttp.post("/api/chat/completions", h, body);
    }

    /** "message_start, content_block_start, content_block_delta ×40, …": runs of the same event counted. */
    private static String summarise(List<String> events) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < events.size(); ) {
            int j = i;
            while (j < events.size() && events.get(j).equals(events.get(i))) {
                j++;
            }
            b.append(b.isEmpty() ? "" : ", ").append(events.get(i)).append(j - i > 1 ? " ×" + (j - i) : "");
            i = j;
        }
        return b.toString();
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
