package dev.claudeconnector.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behaviour over time: pings during silence, events as they arrive, cancel on disconnect. */
class LiveStreamTest {
    private static final String FAST_PINGS = "server:\n  ping-interval: PT0.2S\n";

    @TempDir
    Path dir;

    @Test
    void pingsAreSentWhileTheUpstreamIsSilent() {
        try (ProxyHarness h = ProxyHarness.start(dir, FAST_PINGS, true)) {
            h.webui.stubFor(post(urlEqualTo("/api/chat/completions")).willReturn(aResponse()
                    .withStatus(200).withHeader("Content-Type", "text/event-stream")
                    .withBody(Sse.openAiStream(true,
                            "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"slow\"}}]}",
                            "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\" answer\"},\"finish_reason\":\"stop\"}]}"))
                    .withChunkedDribbleDelay(2, 1500)));
            HttpResponse<String> res = h.post("/v1/messages", UpstreamErrorMappingTest.STREAM_REQUEST);
            List<Sse.Event> events = Sse.parse(res.body());
            assertTrue(Sse.types(events).contains("ping"), "a ping during 1.5 s of silence: " + Sse.types(events));
            assertEquals("slow answer", Sse.accumulate(events).content().getFirst().asText().text());
        }
    }

    @Test
    void eventsReachTheClientAsTheyArriveAndADisconnectCancelsTheUpstream() throws Exception {
        try (TrickleUpstream upstream = new TrickleUpstream(); RequestLines log = new RequestLines();
             ProxyHarness h = ProxyHarness.startWithUpstream(dir, "http://127.0.0.1:" + upstream.port())) {
            try (Socket client = new Socket("127.0.0.1", h.proxy.port())) {
                byte[] body = UpstreamErrorMappingTest.STREAM_REQUEST.getBytes(StandardCharsets.UTF_8);
                OutputStream out = client.getOutputStream();
                out.write(("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Authorization: Bearer " + ProxyHarness.LOCAL_KEY + "\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                int deltas = 0;
                for (String line; deltas < 3 && (line = in.readLine()) != null; ) {
                    if (line.contains("text_delta")) {
                        deltas++;
                    }
                }
                assertEquals(3, deltas, "text deltas arrive while the upstream is still streaming");
                assertEquals(1, h.inFlight.streaming(), "the stream is counted while it is relayed");
            }
            assertTrue(upstream.closed.await(10, TimeUnit.SECONDS), "the upstream connection was closed after the client left");
            int sentAtClose = upstream.chunksSent.get();
            Thread.sleep(500);
            assertTrue(upstream.chunksSent.get() <= sentAtClose + 1, "the upstream stopped being read");
            for (int i = 0; i < 50 && log.lines().stream().noneMatch(l -> l.contains(" stream 200 client gone ")); i++) {
                Thread.sleep(100); // the line is written when the request's thread has wound down
            }
            assertTrue(log.lines().stream().anyMatch(l -> l.contains(" stream 200 client gone ")), log.lines().toString());
            assertEquals(0, h.inFlight.streaming(), "a stream the client left is no longer counted");
        }
    }

    /** An Open WebUI stand-in that streams one text chunk every 100 ms until its client goes away. */
    static final class TrickleUpstream implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0);
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicInteger chunksSent = new AtomicInteger();
        private final Thread thread = Thread.ofVirtual().start(this::serve);

        TrickleUpstream() throws IOException {
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                FaultyUpstream.readRequest(in);
                OutputStream out = s.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 600; i++) {
                    byte[] event = ("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tick" + i + " \"}}]}\n\n")
                            .getBytes(StandardCharsets.UTF_8);
                    out.write((Integer.toHexString(event.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(event);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    chunksSent.incrementAndGet();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                closed.countDown();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            thread.interrupt();
        }
    }
}
