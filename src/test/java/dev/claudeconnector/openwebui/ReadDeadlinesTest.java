package dev.claudeconnector.openwebui;

import dev.claudeconnector.config.Overrides;
import dev.claudeconnector.config.SettingsLoader;
import dev.claudeconnector.json.JsonBytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A chat call's read timeout, kept by {@link ReadDeadlines}: a gap between bytes, not the whole call. */
@Timeout(20) // the sockets themselves have no read timeout: without the watch a silent call would hang
class ReadDeadlinesTest {
    private static final String TIMEOUT = "upstream:\n  read-timeout: PT0.4S\n";

    @TempDir
    Path dir;

    private ServerSocket server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aStreamLongerThanTheTimeoutWhoseChunksComeInTimeIsReadToTheEnd() throws Exception {
        OpenWebUi client = client(12, false); // 1.2 s in all, a chunk every 0.1 s
        try (ChatAnswer answer = client.chat(new ChatRequest(json("{\"stream\":true}"), true),
                "token", Optional.empty()); SseLines lines = answer.lines()) {
            int data = 0;
            while (lines.next()) {
                data += lines.startsWith("data: ") ? 1 : 0;
            }
            assertEquals(13, data); // and [DONE]
        }
    }

    @Test
    void aStreamThatFallsSilentEndsAsATimeout() throws Exception {
        OpenWebUi client = client(2, true); // two chunks, then nothing
        try (ChatAnswer answer = client.chat(new ChatRequest(json("{\"stream\":true}"), true),
                "token", Optional.empty()); SseLines lines = answer.lines()) {
            long started = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> {
                while (lines.next()) {
                    // read on until the watch cuts the call
                }
            });
            assertInstanceOf(SocketTimeoutException.class, e);
            assertNotNull(e.getCause(), "cut by the watch closing the connection, not by a timeout of the socket's own");
            assertEquals(OpenWebUiFailure.Unreachable.Reason.TIMEOUT, FailureReading.ofException(e).reason());
            long ms = (System.nanoTime() - started) / 1_000_000;
            assertTrue(ms >= 300 && ms < 2_000, "timed out after " + ms + " ms");
        }
    }

    @Test
    void anAnswerThatNeverComesIsATimeout() throws Exception {
        OpenWebUi client = client(0, true); // not even the status line
        OpenWebUiException e = assertThrows(OpenWebUiException.class, () -> client.chat(
                new ChatRequest(json("{}"), false), "token", Optional.empty()));
        OpenWebUiFailure.Unreachable why = assertInstanceOf(OpenWebUiFailure.Unreachable.class, e.failure());
        assertEquals(OpenWebUiFailure.Unreachable.Reason.TIMEOUT, why.reason());
    }

    /** One HTTP/1.1 chunk, as uvicorn frames a streamed body; an empty one ends the body. */
    private static void chunk(OutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Open WebUI streaming a chat completion as routers/openai.py passes a provider's SSE through:
     * {@code chunks} events 0.1 s apart, then {@code [DONE]} and the end, or ({@code thenSilent})
     * nothing more; with no chunks not even the status line.
     */
    private OpenWebUi client(int chunks, boolean thenSilent) throws IOException {
        server = new ServerSocket(0);
        Thread.ofVirtual().start(() -> {
            try (Socket s = server.accept()) {
                StandInSockets.readHead(s.getInputStream());
                OutputStream out = s.getOutputStream();
                if (chunks > 0) {
                    out.write("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                }
                for (int i = 0; i < chunks; i++) {
                    chunk(out, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + i + "\"}}]}\n\n");
                    Thread.sleep(100);
                }
                if (thenSilent) {
                    Thread.sleep(60_000);
                }
                chunk(out, "data: [DONE]\n\n");
                chunk(out, "");
            } catch (IOException | InterruptedException e) {
                // the client hung up (as it must after a timeout)
            }
        });
        Path config = Files.writeString(dir.resolve("agent.yaml"), TIMEOUT);
        return OpenWebUi.create(SettingsLoader.load(Overrides.of(config, null, null, "http://127.0.0.1:" + server.getLocalPort(),
                dir.resolve("auth.env"), null), Map.of(), dir));
    }

    private static JsonBytes json(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new JsonBytes(bytes, 0, bytes.length);
    }
}
