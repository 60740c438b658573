package dev.claudeconnector.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The upstream stand-in: a minimal HTTP/1.1 keep-alive server on 127.0.0.1 (raw sockets, a platform
 * thread per connection, TCP_NODELAY) imitating Open WebUI for what {@code serve} calls:
 * {@code POST /api/chat/completions} (a fixed {@code chat.completion} with Content-Length, or for
 * {@code "stream": true} an SSE stream of {@code chat.completion.chunk} events, chunked, ending with
 * {@code data: [DONE]}), {@code GET /api/models}, {@code GET /api/v1/auths/} and {@code GET /api/config}.
 * Cheap: it reads a request by its Content-Length and answers prebuilt bytes. The routes and shapes
 * are Open WebUI's: backend/open_webui/main.py ({@code chat_completion}, {@code get_models},
 * {@code get_app_config}), routers/auths.py ({@code get_session_user}), and routers/openai.py, which
 * passes an OpenAI-style provider's body and SSE stream through.
 *
 * <p>A streamed answer has {@code chunks} text chunks, {@code gapMillis} apart; each one's text is
 * {@code "t<System.nanoTime() at send> "}, so a client in the same JVM can tell how late it arrives.
 */
final class StandIn implements AutoCloseable {
    static final String MODEL = "claude-sonnet-4.5";
    private static final String ID = "chatcmpl-54ef6dd7aace4e99b5c2ec2d";
    private static final byte[] COMPLETION = answer("200 OK", "application/json", "{\"id\":\"" + ID + "\",\"object\":"
            + "\"chat.completion\",\"created\":1795479806,\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,"
            + "\"finish_reason\":\"stop\",\"logprobs\":null,\"message\":{\"role\":\"assistant\",\"content\":"
            + "\"Created hello.txt with the text 'hi from proxy test'.\"}}],\"usage\":{\"prompt_tokens\":12480,"
            + "\"completion_tokens\":17,\"total_tokens\":12497}}");
    private static final byte[] MODELS = answer("200 OK", "application/json", "{\"data\":["
            + "{\"id\":\"claude-sonnet-4.5\",\"name\":\"claude-sonnet-4.5\"},{\"id\":\"claude-sonnet-4\",\"name\":\"claude-sonnet-4\"},"
            + "{\"id\":\"claude-3.7-sonnet\",\"name\":\"claude-3.7-sonnet\"},{\"id\":\"claude-3.5-sonnet\",\"name\":\"claude-3.5-sonnet\"}]}");
    private static final byte[] ACCOUNT = answer("200 OK", "application/json",
            "{\"id\":\"bench\",\"name\":\"Bench User\",\"email\":\"bench@example.org\",\"role\":\"user\"}");
    private static final byte[] CONFIG = answer("200 OK", "application/json",
            "{\"name\":\"Open WebUI\",\"version\":\"0.6.30\",\"oauth\":{\"providers\":{}}}");
    private static final byte[] NOT_FOUND = answer("404 Not Found", "application/json", "{\"detail\":\"Not Found\"}");
    private static final byte[] STREAM_HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
            + "Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STREAM_TRUE = "\"stream\":true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STREAM_TRUE_SPACED = "\"stream\": true".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final int chunks;
    private final int gapMillis;
    private volatile boolean capture;
    private volatile byte[] lastPlain;
    private volatile byte[] lastStream;
    final AtomicLong completions = new AtomicLong();

    StandIn(int chunks, int gapMillis) throws IOException {
        this.chunks = chunks;
        this.gapMillis = gapMillis;
        this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "stand-in-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on, keeps the last completion request body of each kind (off by default: it copies). */
    void capture(boolean on) {
        capture = on;
    }

    byte[] lastPlain() {
        return lastPlain;
    }

    byte[] lastStream() {
        return lastStream;
    }

    private static byte[] answer(String status, String type, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Thread t = new Thread(() -> serve(s), "stand-in-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            StandInRequest req = new StandInRequest(in);
            while (req.next()) {
                byte[] reply = route(req, out);
                if (reply != null) {
                    out.write(reply);
                }
                if (req.close) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the harness is stopping
        }
    }

    /** Answers: the bytes to write, or null when the answer was already streamed. */
    private byte[] route(StandInRequest req, OutputStream out) throws IOException, InterruptedException {
        if (req.method.equals("POST") && req.path.startsWith("/api/chat/completions")) {
            completions.incrementAndGet();
            boolean stream = indexOf(req.body, req.length, STREAM_TRUE) >= 0
                    || indexOf(req.body, req.length, STREAM_TRUE_SPACED) >= 0;
            if (capture) {
                byte[] copy = Arrays.copyOf(req.body, req.length);
                if (stream) {
                    lastStream = copy;
                } else {
                    lastPlain = copy;
                }
            }
            if (!stream) {
                return COMPLETION;
            }
            stream(out);
            return null;
        }
        if (req.method.equals("GET") && req.path.startsWith("/api/models")) {
            return MODELS;
        }
        if (req.method.equals("GET") && req.path.startsWith("/api/v1/auths")) {
            return ACCOUNT;
        }
        if (req.method.equals("GET") && req.path.startsWith("/api/config")) {
            return CONFIG;
        }
        return NOT_FOUND;
    }

    private void stream(OutputStream out) throws IOException, InterruptedException {
        out.write(STREAM_HEAD);
        send(out, chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null"));
        for (int k = 0; k < chunks; k++) {
            Thread.sleep(gapMillis);
            send(out, chunk("{\"content\":\"t" + System.nanoTime() + " \"}", "null"));
        }
        send(out, chunk("{}", "\"stop\""));
        send(out, "data: {\"id\":\"" + ID + "\",\"object\":\"chat.completion.chunk\",\"created\":1795479806,\"model\":\""
                + MODEL + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":12480,\"completion_tokens\":" + chunks
                + ",\"total_tokens\":" + (12480 + chunks) + "}}\n\n");
        send(out, "data: [DONE]\n\n");
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"" + ID + "\",\"object\":\"chat.completion.chunk\",\"created\":1795479806,\"model\":\""
                + MODEL + "\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
                + finish + "}]}\n\n";
    }

    /** One SSE event as one HTTP chunk, in one write. */
    private static void send(OutputStream out, String event) throws IOException {
        byte[] data = event.getBytes(StandardCharsets.UTF_8);
        byte[] head = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + data.length + 2];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(data, 0, all, head.length, data.length);
        all[all.length - 2] = '\r';
        all[all.length - 1] = '\n';
        out.write(all);
    }

    static int indexOf(byte[] hay, int len, byte[] needle) {
        outer:
        for (int i = 0; i <= len - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
