package dev.claudeconnector.openwebui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.claudeconnector.config.Overrides;
import dev.claudeconnector.config.SettingsLoader;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeptConnectionsTest {
    @TempDir
    Path dir;

    private KeepAliveUpstream upstream;
    private WebClient web;

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
    void noThreadWatchesAKeptConnection() throws Exception {
        upstream = new KeepAliveUpstream(Duration.ofSeconds(30));
        OpenWebUi client = client();
        client.config();
        client.config();
        Path dump = dir.resolve("threads.txt");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN); // virtual threads too
        String threads = Files.readString(dump);
        assertTrue(threads.contains(Thread.currentThread().getName()), threads);
        assertFalse(threads.contains("helidon-socket-monitor"), threads); // Helidon's watch of its cached connections
    }

    @Test
    void aConnectionUnusedLongerThanTheLimitIsClosedNotReused() throws Exception {
        KeptConnections kept = keptConnections(Duration.ofSeconds(1), Duration.ZERO, CollectionCounts.NONE);
        for (int i = 0; i < 2; i++) {
            get(kept);
            assertEquals(1, kept.idleCount()); // read to the end: kept
        }
        assertEquals(2, upstream.accepted.get());
        assertTrue(upstream.awaitClosedByClient(1), "the unused connection was closed by the client");
    }

    @Test
    void aConnectionMadeBeforeAFullCollectionIsClosedNotReused() throws Exception {
        AtomicLong full = new AtomicLong();
        AtomicLong all = new AtomicLong();
        KeptConnections kept = keptConnections(KeptConnections.CHECK_AFTER, KeptConnections.MAX_IDLE,
                CollectionCounts.of(full::get, all::get));
        get(kept);
        get(kept);
        assertEquals(1, upstream.accepted.get(), "no collection between: the connection is reused");
        assertEquals(1, kept.idleCount());

        full.incrementAndGet(); // while the connection waits to be taken
        all.incrementAndGet();
        get(kept);
        assertEquals(2, upstream.accepted.get(), "after a full collection: a new connection");
        assertTrue(upstream.awaitClosedByClient(1), "the one made before was closed");

        try (HttpClientResponse answer = web.get("/api/config").connection(kept.take()).request()) {
            full.incrementAndGet(); // while the connection is in use
            all.incrementAndGet();
            answer.inputStream().readAllBytes();
        }
        assertEquals(0, kept.idleCount(), "released after a full collection: closed, not kept");
        assertTrue(upstream.awaitClosedByClient(2));
        get(kept);
        assertEquals(3, upstream.accepted.get());
        assertEquals(1, kept.idleCount(), "one made after it is kept again");
    }

    @Test
    void aConnectionUnusedThroughSeveralCollectionsIsClosedNotReused() throws Exception {
        AtomicLong all = new AtomicLong(100);
        KeptConnections kept = keptConnections(KeptConnections.CHECK_AFTER, KeptConnections.MAX_IDLE,
                CollectionCounts.of(() -> 0, all::get));
        get(kept);
        all.addAndGet(CollectionCounts.MAX_IDLE_COLLECTIONS - 1);
        get(kept);
        assertEquals(1, upstream.accepted.get(), "unused through fewer collections: reused");

        all.addAndGet(CollectionCounts.MAX_IDLE_COLLECTIONS);
        get(kept);
        assertEquals(2, upstream.accepted.get(), "unused through as many: a new connection");
        assertTrue(upstream.awaitClosedByClient(1), "the old one was closed");
        assertEquals(1, kept.idleCount());
    }

    /** Kept connections to a new keep-alive stand-in ({@link #upstream}), used through {@link #web}. */
    private KeptConnections keptConnections(Duration checkAfter, Duration maxIdle, CollectionCounts counts)
            throws IOException {
        upstream = new KeepAliveUpstream(Duration.ofSeconds(30));
        URI base = URI.create(upstream.url());
        web = WebClient.builder().baseUri(base).build();
        return new KeptConnections(web, base, checkAfter, maxIdle, counts);
    }

    /** GET /api/config on a connection from {@code kept}, read to the end (so released to be kept). */
    private void get(KeptConnections kept) throws IOException {
        try (HttpClientResponse answer = web.get("/api/config").connection(kept.take()).request()) {
            assertEquals(200, answer.status().code());
            answer.inputStream().readAllBytes();
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
