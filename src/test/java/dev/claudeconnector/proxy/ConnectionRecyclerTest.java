package dev.claudeconnector.proxy;

import dev.claudeconnector.openwebui.StandInSockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client connections open at a full collection, or unused through several collections, are closed
 * after their next answer; the proxy's own to Open WebUI are not reused after a full collection.
 */
class ConnectionRecyclerTest {
    @TempDir
    Path dir;

    @Test
    void eachConnectionOpenAtAFullCollectionIsClosedAfterItsNextAnswerOnly() {
        ConnectionRecycler recycler = new ConnectionRecycler(() -> 0, () -> 0);
        assertFalse(recycler.closeAfterThisAnswer("a"));
        assertFalse(recycler.closeAfterThisAnswer("b"));
        assertFalse(recycler.closeAfterThisAnswer("a"), "no collection yet: connections are kept");

        recycler.fullCollectionEnded();
        assertFalse(recycler.closeAfterThisAnswer("c"), "a connection first seen after the collection is kept");
        assertTrue(recycler.closeAfterThisAnswer("a"));
        assertFalse(recycler.closeAfterThisAnswer("a"), "once: the same id again is a new connection");
        assertTrue(recycler.closeAfterThisAnswer("b"));

        recycler.fullCollectionEnded();
        assertTrue(recycler.closeAfterThisAnswer("c"));
        assertTrue(recycler.closeAfterThisAnswer("a"));
    }

    @Test
    void noticesAFullCollectionByItsCountOnceWatching() {
        AtomicLong full = new AtomicLong(3);
        ConnectionRecycler recycler = new ConnectionRecycler(() -> 0, full::get);
        assertFalse(recycler.closeAfterThisAnswer("before"));
        full.incrementAndGet();
        assertFalse(recycler.closeAfterThisAnswer("before"), "not watching yet: collections are not looked at");

        recycler.startWatching();
        assertFalse(recycler.closeAfterThisAnswer("a"), "the count when watching began is no collection");
        assertFalse(recycler.closeAfterThisAnswer("b"));
        full.incrementAndGet();
        assertTrue(recycler.closeAfterThisAnswer("a"), "the first request after a full collection notices it");
        assertTrue(recycler.closeAfterThisAnswer("b"), "and every connection open at it is closed after its next answer");
        assertFalse(recycler.closeAfterThisAnswer("a"), "once: the count has not moved since");
        assertFalse(recycler.closeAfterThisAnswer("c"));
        full.addAndGet(2); // two collections between two requests: noticed as one
        assertTrue(recycler.closeAfterThisAnswer("c"));
        assertTrue(recycler.closeAfterThisAnswer("a"), "a's new connection was open at the last full collection");
        assertFalse(recycler.closeAfterThisAnswer("d"));
    }

    @Test
    void countsTheJvmsFullCollections() {
        long before = ConnectionRecycler.jvmFullCollections();
        System.gc(); // a full collection under the serial, parallel and G1 collectors
        assertTrue(ConnectionRecycler.jvmFullCollections() > before, "System.gc() is a full collection of "
                + ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList());
    }

    @Test
    void aConnectionUnusedThroughSeveralCollectionsIsClosedAfterItsNextAnswer() {
        AtomicLong collections = new AtomicLong(40);
        ConnectionRecycler recycler = new ConnectionRecycler(collections::get, () -> 0);
        assertFalse(recycler.closeAfterThisAnswer("busy"));
        assertFalse(recycler.closeAfterThisAnswer("idle"));
        for (int i = 0; i < ConnectionRecycler.MAX_IDLE_COLLECTIONS; i++) {
            collections.incrementAndGet();
            assertFalse(recycler.closeAfterThisAnswer("busy"), "used between every two collections: kept");
        }
        assertTrue(recycler.closeAfterThisAnswer("idle"), "unused through " + ConnectionRecycler.MAX_IDLE_COLLECTIONS + " collections");
        assertFalse(recycler.closeAfterThisAnswer("idle"), "once: the same id again is a new connection");
        collections.addAndGet(ConnectionRecycler.MAX_IDLE_COLLECTIONS - 1);
        assertFalse(recycler.closeAfterThisAnswer("idle"), "unused through one collection fewer: kept");
    }

    @Test
    void asksTheJvmForItsCollections() {
        ConnectionRecycler recycler = new ConnectionRecycler(() -> 7, () -> 0);
        assertEquals(7, recycler.all());
        long before = ConnectionRecycler.JVM.all();
        System.gc();
        assertTrue(ConnectionRecycler.JVM.all() > before, "the JVM's own count moves with a collection");
    }

    @Test
    void remembersABoundedNumberOfConnections() {
        ConnectionRecycler recycler = new ConnectionRecycler(() -> 0, () -> 0);
        for (int i = 0; i < ConnectionRecycler.MAX_REMEMBERED; i++) {
            recycler.closeAfterThisAnswer("old-" + i);
        }
        recycler.closeAfterThisAnswer("newest"); // the set was full: forgotten, then this one remembered
        recycler.fullCollectionEnded();
        assertFalse(recycler.closeAfterThisAnswer("old-0"), "forgotten, so kept");
        assertTrue(recycler.closeAfterThisAnswer("newest"));
    }

    /**
     * Through the real server with raw keep-alive sockets. The collection is announced to the proxy's
     * recycler directly: a real one (System.gc() with the JVM-wide count watched since
     * {@link ProxyServer#recycleConnectionsAfterFullCollections}) would reach every other test's
     * connections in this JVM too.
     */
    @Test
    void theProxyAnswersWithConnectionCloseOnEachConnectionOpenAtAFullCollection() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(dir);
             Socket kept = new Socket("127.0.0.1", h.proxy.port());
             Socket other = new Socket("127.0.0.1", h.proxy.port())) {
            assertFalse(closes(health(kept)), "before a collection the connection is kept");
            assertFalse(closes(health(other)));
            assertFalse(closes(health(kept)));

            ConnectionRecycler.JVM.fullCollectionEnded();
            assertTrue(closes(health(kept)), "the answer on a connection open at the collection says Connection: close");
            kept.close(); // as a client must after "close" (RFC 9112, 9.6); Helidon leaves that to the client
            assertTrue(closes(health(other)), "so does the next answer on the other connection open then");
            try (Socket after = new Socket("127.0.0.1", h.proxy.port())) {
                String answer = health(after);
                assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
                assertFalse(closes(answer), "a connection opened after the collection is kept");
                assertFalse(closes(health(after)));
            }
        } finally {
            ConnectionRecycler.JVM.fullCollectionEnded(); // twice: nothing of this test is left to recycle
            ConnectionRecycler.JVM.fullCollectionEnded();
        }
    }

    /**
     * Not the proxy's own connections to Open WebUI: each has one read buffer, made with it
     * (HttpCore's codec), so a full collection is no reason to make new ones.
     */
    @Test
    void theProxyKeepsItsConnectionToOpenWebUiThroughAFullCollection() throws Exception {
        try (KeepAliveCompletions upstream = new KeepAliveCompletions();
             ProxyHarness h = ProxyHarness.startWithUpstream(dir, upstream.url())) {
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> answer = h.post("/v1/messages", UpstreamErrorMappingTest.REQUEST);
                assertEquals(200, answer.statusCode(), answer.body());
            }
            ConnectionRecycler.JVM.fullCollectionEnded();
            assertEquals(200, h.post("/v1/messages", UpstreamErrorMappingTest.REQUEST).statusCode());
            assertEquals(3, upstream.ports.size(), "three calls so far: " + upstream.ports);
            assertEquals(1, Set.copyOf(upstream.ports).size(), "one connection for all of them: " + upstream.ports);
        }
    }

    /**
     * Open WebUI as uvicorn serves it (HTTP/1.1 keep-alive; {@code backend/start.sh} runs uvicorn),
     * answering {@code POST /api/chat/completions} without a stream with the model's OpenAI-shaped
     * JSON ({@code routers/openai.py}, {@code generate_chat_completion}). Records the client port of
     * each call: one port, one connection.
     */
    private static final class KeepAliveCompletions implements AutoCloseable {
        private static final byte[] ANSWER = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
                + "\"model\":\"claude-sonnet-4\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"hi\"}}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}").getBytes(StandardCharsets.UTF_8);
        final List<Integer> ports = new CopyOnWriteArrayList<>();
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        KeepAliveCompletions() throws IOException {
            StandInSockets.acceptEach(server, this::serve);
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        private void serve(Socket socket) {
            try (socket) {
                InputStream in = socket.getInputStream();
                while (true) {
                    FaultyUpstream.readRequest(in); // to the end of the connection: IOException
                    ports.add(socket.getPort());
                    OutputStream out = socket.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + ANSWER.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(ANSWER);
                    out.flush();
                }
            } catch (IOException closed) {
                // the proxy closed the connection
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private static boolean closes(String answer) {
        return answer.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n");
    }

    /** GET /observe/health on {@code socket}, kept alive: the answer's head and body (by Content-Length or chunks). */
    private static String health(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write("GET /observe/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        String head = line(in, "\r\n\r\n");
        String lower = head.toLowerCase(Locale.ROOT);
        StringBuilder body = new StringBuilder();
        if (lower.contains("\r\ntransfer-encoding: chunked\r\n")) {
            for (int size; (size = Integer.parseInt(line(in, "\r\n").trim(), 16)) > 0; ) {
                body.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
                line(in, "\r\n");
            }
            line(in, "\r\n");
        } else {
            for (String header : head.split("\r\n")) {
                if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    int length = Integer.parseInt(header.substring("content-length:".length()).trim());
                    body.append(new String(in.readNBytes(length), StandardCharsets.UTF_8));
                }
            }
        }
        return head + body;
    }

    /** Bytes up to and including {@code end}. */
    private static String line(InputStream in, String end) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        while (!read.toString(StandardCharsets.US_ASCII).endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the middle of an answer: " + read);
            }
            read.write(b);
        }
        String text = read.toString(StandardCharsets.US_ASCII);
        return text.substring(0, text.length() - (end.equals("\r\n") ? 2 : 0));
    }
}
