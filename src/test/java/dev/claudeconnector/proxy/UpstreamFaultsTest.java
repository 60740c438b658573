package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upstream faults never pass silently: a cut-off answer is an error, never a shorter answer, and
 * never the "internal error, please report it" reserved for the proxy's own bugs. Each fault of
 * {@link FaultyUpstream}, for a streaming and a whole request.
 */
class UpstreamFaultsTest {
    static final String SETTINGS = "upstream:\n  read-timeout: PT2S\nserver:\n  ping-interval: PT0.4S\n";

    @TempDir
    Path dir;

    private JsonNode errorOf(String json) throws Exception {
        JsonNode body = ProxyHarness.JSON.readTree(json);
        assertEquals("error", body.path("type").asText(), json);
        return body.path("error");
    }

    @ParameterizedTest
    @EnumSource(value = FaultyUpstream.Fault.class,
            names = {"STREAM_ENDS_EARLY", "STREAM_RESET", "STREAM_SHORT_CHUNK", "STREAM_STALLS"})
    void aStreamCutShortEndsWithAnErrorEventNeverMessageStop(FaultyUpstream.Fault fault) throws Exception {
        try (FaultyUpstream upstream = new FaultyUpstream(fault); RequestLines log = new RequestLines();
             ProxyHarness h = ProxyHarness.startWithUpstream(dir, upstream.url(), SETTINGS)) {
            HttpResponse<String> res = h.post("/v1/messages", UpstreamErrorMappingTest.STREAM_REQUEST);
            String how = fault == FaultyUpstream.Fault.STREAM_STALLS ? " 200 timeout " : " 200 cut off by upstream ";
            assertTrue(log.lines().stream().anyMatch(l -> l.contains(" stream" + how)), log.lines().toString());
            assertEquals(200, res.statusCode());
            List<Sse.Event> events = Sse.parse(res.body());
            assertEquals(3, events.stream().filter(e -> "content_block_delta".equals(e.type())).count(), res.body());
            Sse.Event last = events.getLast();
            assertEquals("error", last.type(), res.body());
            JsonNode error = errorOf(last.data());
            assertEquals("api_error", error.path("type").asText());
            String message = error.path("message").asText();
            assertTrue(fault == FaultyUpstream.Fault.STREAM_STALLS ? message.contains("broke off the answer")
                    || message.contains("sent nothing for too long") : message.contains("broke off the answer"), message);
            assertFalse(Sse.types(events).contains("message_stop"), res.body());
            if (fault == FaultyUpstream.Fault.STREAM_STALLS) {
                assertTrue(Sse.types(events).contains("ping"), "kept alive while the upstream was silent: " + res.body());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = FaultyUpstream.Fault.class, names = {"WHOLE_ENDS_EARLY", "WHOLE_RESET"})
    void aWholeAnswerCutShortIsA502NotAnInternalError(FaultyUpstream.Fault fault) throws Exception {
        try (FaultyUpstream upstream = new FaultyUpstream(fault); RequestLines log = new RequestLines();
             ProxyHarness h = ProxyHarness.startWithUpstream(dir, upstream.url(), SETTINGS)) {
            for (String request : new String[] {UpstreamErrorMappingTest.REQUEST, UpstreamErrorMappingTest.STREAM_REQUEST}) {
                HttpResponse<String> res = h.post("/v1/messages", request);
                assertEquals(502, res.statusCode(), res.body());
                assertTrue(log.lines().getLast().contains(" 502 api_error cut off by upstream "), log.lines().toString());
                JsonNode error = errorOf(res.body());
                assertEquals("api_error", error.path("type").asText());
                assertTrue(error.path("message").asText().contains("broke off the answer"), error.toString());
                assertFalse(error.path("message").asText().contains("please report"), error.toString());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = FaultyUpstream.Fault.class, names = {"SILENT"})
    void silenceBeforeTheFirstByteIsA504(FaultyUpstream.Fault fault) throws Exception {
        try (FaultyUpstream upstream = new FaultyUpstream(fault); RequestLines log = new RequestLines();
             ProxyHarness h = ProxyHarness.startWithUpstream(dir, upstream.url(), SETTINGS)) {
            for (String request : new String[] {UpstreamErrorMappingTest.REQUEST, UpstreamErrorMappingTest.STREAM_REQUEST}) {
                HttpResponse<String> res = h.post("/v1/messages", request);
                assertEquals(504, res.statusCode(), res.body());
                assertTrue(log.lines().getLast().contains(" 504 api_error timeout "), log.lines().toString());
                assertEquals("api_error", errorOf(res.body()).path("type").asText());
            }
            assertTrue(upstream.ended.await(5, TimeUnit.SECONDS), "the proxy let go of the silent connection");
            String metrics = h.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(h.baseUrl() + "/observe/metrics"))
                    .header("Accept", "text/plain").build()).body();
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("connector_errors_total{") && l.contains("kind=\"timeout\"")),
                    metrics);
        }
    }

    @ParameterizedTest
    @EnumSource(value = FaultyUpstream.Fault.class, names = {"STREAM_RESET", "WHOLE_ENDS_EARLY"})
    void fortyFaultsInARowLeaveTheProxyServingWithNoThreadsLeftBehind(FaultyUpstream.Fault fault) throws Exception {
        try (FaultyUpstream upstream = new FaultyUpstream(fault);
             ProxyHarness h = ProxyHarness.startWithUpstream(dir, upstream.url(), SETTINGS)) {
            h.post("/v1/messages", UpstreamErrorMappingTest.STREAM_REQUEST); // warm up: pools and timers exist
            int threadsBefore = proxyThreads();
            for (int i = 0; i < 40; i++) {
                HttpResponse<String> res = h.post("/v1/messages", i % 2 == 0 ? UpstreamErrorMappingTest.STREAM_REQUEST
                        : UpstreamErrorMappingTest.REQUEST);
                assertTrue(res.body().contains("broke off the answer"), res.body());
            }
            int threadsAfter = proxyThreads();
            assertTrue(threadsAfter <= threadsBefore + 2, "platform threads " + threadsBefore + " -> " + threadsAfter);
            assertEquals(200, h.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(h.baseUrl()
                    + "/observe/health")).build()).statusCode());
        }
    }

    /**
     * Platform threads but the JDK's own on-demand pools: the virtual-thread scheduler's carriers
     * and the test client's HttpClient workers grow and shrink with the machine's load (a busy
     * machine made them +3 here), while a thread left behind per fault would add about forty.
     */
    private static int proxyThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !t.isVirtual() && !t.getName().startsWith("ForkJoinPool-") && !t.getName().startsWith("HttpClient-"))
                .count();
    }
}
