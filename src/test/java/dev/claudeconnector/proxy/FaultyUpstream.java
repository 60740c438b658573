package dev.claudeconnector.proxy;

import dev.claudeconnector.openwebui.StandInSockets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * An Open WebUI stand-in on a raw socket that misbehaves on purpose, one connection at a time: what
 * load balancers, restarting workers and crashing pipes do to a real answer mid-way.
 */
final class FaultyUpstream implements AutoCloseable {
    enum Fault {
        /** SSE: three content chunks, then a clean end of the body: no finish_reason, no [DONE]. */
        STREAM_ENDS_EARLY,
        /** SSE: three content chunks, then a TCP reset. */
        STREAM_RESET,
        /** SSE: three content chunks, then a chunk promising more bytes than ever come, then close. */
        STREAM_SHORT_CHUNK,
        /** SSE: three content chunks, then silence. */
        STREAM_STALLS,
        /** JSON: a Content-Length larger than what is sent, then close. */
        WHOLE_ENDS_EARLY,
        /** JSON: part of the body, then a TCP reset. */
        WHOLE_RESET,
        /** Reads the request and never answers; waits for the proxy to hang up. */
        SILENT
    }

    private final ServerSocket server = new ServerSocket(0);
    private final Fault fault;
    /** Counted down when the stand-in's side of the connection has ended (the proxy closed it, or the fault did). */
    final CountDownLatch ended = new CountDownLatch(1);

    FaultyUpstream(Fault fault) throws IOException {
        this.fault = fault;
        Thread.ofVirtual().start(this::serve);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                readRequest(s.getInputStream());
                answer(s, s.getOutputStream());
            } catch (IOException | InterruptedException e) {
                // the proxy went away, or the fault ended the connection
            } finally {
                ended.countDown();
            }
        }
    }

    private void answer(Socket s, OutputStream out) throws IOException, InterruptedException {
        switch (fault) {
            case STREAM_ENDS_EARLY, STREAM_RESET, STREAM_SHORT_CHUNK, STREAM_STALLS -> {
                out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"));
                for (int i = 0; i < 3; i++) {
                    chunk(out, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"part" + i + " \"}}]}\n\n");
                }
                switch (fault) {
                    case STREAM_ENDS_EARLY -> out.write(ascii("0\r\n\r\n"));
                    case STREAM_RESET -> reset(s);
                    case STREAM_SHORT_CHUNK -> out.write(ascii("400\r\ndata: {\"choices\""));
                    default -> Thread.sleep(60_000);
                }
                out.flush();
            }
            case WHOLE_ENDS_EARLY, WHOLE_RESET -> {
                String body = "{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"a long answer";
                out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n" + body));
                out.flush();
                if (fault == Fault.WHOLE_RESET) {
                    reset(s);
                }
            }
            case SILENT -> s.getInputStream().transferTo(OutputStream.nullOutputStream()); // until the proxy hangs up
        }
    }

    private static void chunk(OutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(ascii(Integer.toHexString(bytes.length) + "\r\n"));
        out.write(bytes);
        out.write(ascii("\r\n"));
        out.flush();
    }

    /** SO_LINGER 0 makes close() send RST instead of FIN. */
    private static void reset(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads one HTTP request (head and Content-Length body) off a raw connection. */
    static void readRequest(InputStream in) throws IOException {
        String head = StandInSockets.readHead(in);
        if (head == null) {
            throw new IOException("request ended early");
        }
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
