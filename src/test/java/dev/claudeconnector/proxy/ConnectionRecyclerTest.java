package dev.claudeconnector.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Client connections open at a full collection are closed after their next answer, once. */
class ConnectionRecyclerTest {
    @TempDir
    Path dir;

    @Test
    void eachConnectionOpenAtAFullCollectionIsClosedAfterItsNextAnswerOnly() {
        ConnectionRecycler recycler = new ConnectionRecycler();
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
    void remembersABoundedNumberOfConnections() {
        ConnectionRecycler recycler = new ConnectionRecycler();
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
     * recycler directly: a real one (System.gc() with the JVM-wide listener of
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
