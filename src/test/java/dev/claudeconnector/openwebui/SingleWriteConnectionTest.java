package dev.claudeconnector.openwebui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudeconnector.json.JsonBytes;
import dev.claudeconnector.json.JsonTrees;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.ClientConnection;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.http1.Http1Client;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Helidon's real client writing a chat call through {@link SingleWriteConnection}, to a raw stand-in. */
class SingleWriteConnectionTest {
    private final ServerSocket server = new ServerSocket(0);
    /** Each request the stand-in read: its head, then its body. */
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
    private final WebClient web;
    private final KeptConnections kept;

    SingleWriteConnectionTest() throws IOException {
        // Reads a request by its Content-Length and answers 200 with a JSON body, as Open WebUI's
        // POST /api/chat/completions does for a whole answer (main.py, chat_completion); the body
        // here is {}, since only what arrives matters.
        StandInSockets.acceptEach(server, socket -> {
            try (socket) {
                InputStream in = socket.getInputStream();
                for (String head; (head = StandInSockets.readHead(in)) != null; ) {
                    int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
                    heads.add(head);
                    bodies.add(in.readNBytes(length));
                    socket.getOutputStream().write(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                            + "content-length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
                }
            } catch (IOException e) {
                // the test ended
            }
        });
        URI base = URI.create("http://127.0.0.1:" + server.getLocalPort());
        web = WebClient.builder().baseUri(base).writeBufferSize(0).build(); // as OpenWebUi's client
        kept = new KeptConnections(web, base, CollectionCounts.NONE);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void headAndBodyLeaveInOneWriteAndArriveIntact() throws IOException {
        JsonBytes body = body(20_000);
        Recorded writes = new Recorded();
        call(writes, body, "a-token");
        assertEquals(1, writes.sizes.size(), "writes: " + writes.sizes);
        assertArrayEquals(json(body), bodies.getFirst());
        assertTrue(heads.getFirst().startsWith("POST /api/chat/completions HTTP/1.1\r\n"), heads.getFirst());
        assertTrue(heads.getFirst().contains("Authorization: Bearer a-token\r\n"), heads.getFirst());
        assertEquals(heads.getFirst().length() + body.length(), writes.sizes.getFirst());

        // A replay (after a renewal) puts another head, of another length, into the same room.
        Recorded again = new Recorded();
        call(again, body, "a-renewed-and-longer-token");
        assertEquals(1, again.sizes.size(), "writes: " + again.sizes);
        assertArrayEquals(json(body), bodies.get(1));
        assertTrue(heads.get(1).contains("Authorization: Bearer a-renewed-and-longer-token\r\n"), heads.get(1));
    }

    @Test
    void aHeadLargerThanTheRoomLeavesOnItsOwnFirst() throws IOException {
        JsonBytes body = body(3_000);
        String longToken = "t".repeat(body.offset());
        Recorded writes = new Recorded();
        call(writes, body, longToken);
        assertEquals(List.of(heads.getFirst().length(), body.length()), writes.sizes);
        assertArrayEquals(json(body), bodies.getFirst());
        assertTrue(heads.getFirst().contains("Bearer " + longToken + "\r\n"));
    }

    @Test
    void aHeldHeadIsWrittenBeforeAnythingThatIsNotTheBody() throws IOException {
        JsonBytes body = body(500);
        ClientConnection connection = kept.take();
        Recorded writes = new Recorded();
        DataWriter writer = writes.around(connection, body);
        writer.write(BufferData.create("HEAD"));
        assertEquals(List.of(), writes.sizes, "held until the body comes");
        writer.write(BufferData.create("something else"));
        assertEquals(List.of(4, 14), writes.sizes);

        Recorded flushed = new Recorded();
        DataWriter other = flushed.around(connection, body);
        other.write(BufferData.create("HEAD"));
        other.flush();
        assertEquals(List.of(4), flushed.sizes);
        connection.closeResource();
    }

    /** POST /api/chat/completions as {@link OpenWebUi#chat} sends it, on a kept connection. */
    private void call(Recorded writes, JsonBytes body, String token) {
        ClientConnection connection = kept.take();
        try (HttpClientResponse response = web.client(Http1Client.PROTOCOL).post().path("/api/chat/completions")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + token)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .header(HeaderValues.create(HeaderNames.CONTENT_LENGTH, body.length()))
                .readTimeout(Duration.ofSeconds(10))
                .connection(new SingleWriteConnection(connection, writes.onto(connection.writer()), body))
                .outputStream(out -> {
                    body.writeTo(out);
                    out.close();
                })) {
            assertEquals(200, response.status().code());
            assertEquals("{}", response.as(String.class));
        }
    }

    /** A chat body of about {@code size} bytes in an array with room before it, as ChatRequest makes one. */
    private static JsonBytes body(int size) {
        var tree = JsonTrees.object();
        tree.put("model", "claude-sonnet-4.5").putArray("messages").addObject()
                .put("role", "user").put("content", "x".repeat(size));
        return JsonTrees.bytes(tree, size, ChatRequest.HEAD_ROOM);
    }

    private static byte[] json(JsonBytes body) {
        return java.util.Arrays.copyOfRange(body.array(), body.offset(), body.offset() + body.length());
    }

    /** The sizes of the writes that reach a real connection's writer, in order. */
    private static final class Recorded {
        final List<Integer> sizes = new CopyOnWriteArrayList<>();

        /** The writer of a {@link SingleWriteConnection} on {@code connection} whose writes are counted here. */
        DataWriter around(ClientConnection connection, JsonBytes body) {
            return new SingleWriteConnection(connection, onto(connection.writer()), body).writer();
        }

        /** {@code real}, counting what it is given: the client has no write buffer, so every write is a socket write. */
        DataWriter onto(DataWriter real) {
            return new DataWriter() {
                @Override
                public void write(BufferData... buffers) {
                    writeNow(buffers);
                }

                @Override
                public void write(BufferData buffer) {
                    writeNow(buffer);
                }

                @Override
                public void writeNow(BufferData... buffers) {
                    for (BufferData buffer : buffers) {
                        writeNow(buffer);
                    }
                }

                @Override
                public void writeNow(BufferData buffer) {
                    sizes.add(buffer.available());
                    real.writeNow(buffer);
                }
            };
        }
    }
}
