package dev.claudeconnector.openwebui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudeconnector.config.Overrides;
import dev.claudeconnector.config.SettingsLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeptConnectionsTest {
    @TempDir
    Path dir;

    private KeepAliveUpstream upstream;

    @AfterEach
    void stop() throws IOException {
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void callsInARowShareOneConnection() throws Exception {
        upstream = new KeepAliveUpstream(Duration.ofSeconds(30));
        OpenWebUi client = client();
        for (int i = 0; i < 3; i++) {
            assertEquals("Open WebUI", client.config().name());
        }
        assertEquals(1, upstream.accepted.get());
    }

    @Test
    void aConnectionTheServerClosedWhileKeptIsNotUsedAgain() throws Exception {
        upstream = new KeepAliveUpstream(Duration.ofMillis(200)); // uvicorn's keep-alive time, shortened
        OpenWebUi client = client();
        assertEquals("Open WebUI", client.config().name());
        Thread.sleep(KeptConnections.CHECK_AFTER.toMillis() + 300); // the server has hung up meanwhile
        assertEquals(1, upstream.hungUp.get());
        assertEquals("Open WebUI", client.config().name()); // on a new connection, not a failure
        assertEquals(2, upstream.accepted.get());
    }

    @Test
    void aConnectionUnusedLongerThanTheLimitIsClosedNotReused() throws Exception {
        KeptConnections kept = keptConnections(Duration.ofSeconds(1), Duration.ZERO);
        for (int i = 0; i < 2; i++) {
            get(kept);
            assertEquals(1, kept.idleCount()); // read to the end: kept
        }
        assertEquals(2, upstream.accepted.get());
        assertTrue(upstream.awaitClosedByClient(1), "the unused connection was closed by the client");
    }

    /** Kept connections to a new keep-alive stand-in ({@link #upstream}). */
    private KeptConnections keptConnections(Duration checkAfter, Duration maxIdle)
            throws IOException {
        upstream = new KeepAliveUpstream(Duration.ofSeconds(30));
        UpstreamRoute route = UpstreamRoute.of(URI.create(upstream.url()), Optional.empty(), Duration.ofSeconds(5));
        return new KeptConnections(route, checkAfter, maxIdle);
    }

    /** GET /api/config on a connection from {@code kept}, read to the end (so released to be kept). */
    private static void get(KeptConnections kept) throws IOException {
        RequestHead head = new RequestHead("GET", "/api/config", "127.0.0.1");
        try (Exchange answer = Exchange.start(kept.take(), head, head::write)) {
            assertEquals(200, answer.status());
            answer.body().readAllBytes();
        }
    }

    private OpenWebUi client() {
        return OpenWebUi.create(SettingsLoader.load(Overrides.of(null, null, null, upstream.url(), dir.resolve("auth.env"), null),
                Map.of(), dir));
    }

    /**
     * Open WebUI as uvicorn serves it ({@code backend/start.sh} runs uvicorn; uvicorn's
     * {@code config.py}: {@code timeout_keep_alive = 5}): HTTP/1.1 keep-alive, and a connection idle
     * for the keep-alive time is closed by the server. Answers {@code GET /api/config}.
     */
    private static final class KeepAliveUpstream implements AutoCloseable {
        private static final byte[] CONFIG = "{\"name\":\"Open WebUI\",\"version\":\"0.6.30\"}".getBytes(StandardCharsets.UTF_8);
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger hungUp = new AtomicInteger();
        private final AtomicInteger closedByClient = new AtomicInteger();
        private final ServerSocket server = new ServerSocket(0);
        private final int keepAliveMillis;

        KeepAliveUpstream(Duration keepAlive) throws IOException {
            this.keepAliveMillis = (int) keepAlive.toMillis();
            StandInSockets.acceptEach(server, socket -> {
                accepted.incrementAndGet();
                serve(socket);
            });
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        boolean awaitClosedByClient(int count) throws InterruptedException {
            for (int i = 0; i < 100 && closedByClient.get() < count; i++) {
                Thread.sleep(20);
            }
            return closedByClient.get() >= count;
        }

        private void serve(Socket socket) {
            try (socket) {
                socket.setSoTimeout(keepAliveMillis);
                InputStream in = socket.getInputStream();
                while (true) {
                    if (StandInSockets.readHead(in) == null) {
                        closedByClient.incrementAndGet();
                        return;
                    }
                    socket.getOutputStream().write(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
                            + CONFIG.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().write(CONFIG);
                    socket.getOutputStream().flush();
                }
            } catch (SocketTimeoutException idle) {
                hungUp.incrementAndGet(); // idle for the keep-alive time: the server closes
            } catch (IOException e) {
                // the client reset the connection
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
