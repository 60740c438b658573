package dev.claudeconnector.bench;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 client connection on a raw socket (TCP_NODELAY), cheap enough that the
 * load it generates does not compete much with what it measures. Requests are prebuilt bytes
 * ({@link #post}); a response body is read by Content-Length, chunked transfer encoding, or to the
 * end of the connection. Reconnects by itself after a failure or a {@code Connection: close}.
 * Not thread-safe: one per worker thread.
 */
final class RawHttp implements Closeable {
    /** Receives each complete line of a response body, with when the read that completed it returned. */
    interface LineSink {
        void line(byte[] buf, int off, int len, long nanos);
    }

    private final String host;
    private final int port;
    private final int timeoutMillis;
    private Socket socket;
    private ByteInput input;
    private OutputStream out;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
    private byte[] line = new byte[8 * 1024];
    private int lineLen;
    private boolean closeAfter;
    /** How the last response's body was framed: content-length, chunked or eof. */
    String framing = "";

    RawHttp(String host, int port, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /** A complete POST request: head and body in one array, written in one go. */
    static byte[] post(String path, Map<String, String> headers, byte[] content) {
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Length: ").append(content.length).append("\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + content.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(content, 0, all, h.length, content.length);
        return all;
    }

    /** Connects now (a fresh connection per call of {@link #exchange} is up to the caller). */
    void connect() throws IOException {
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(timeoutMillis);
        s.connect(new InetSocketAddress(host, port), timeoutMillis);
        socket = s;
        input = new ByteInput(s.getInputStream());
        out = s.getOutputStream();
    }

    /**
     * Sends a request and reads the whole answer. With a sink, the body goes to it line by line
     * (a stream); without, it is kept for {@link #body()}.
     *
     * @return the HTTP status
     */
    int exchange(byte[] request, LineSink sink) throws IOException {
        try {
            connect();
            out.write(request);
            out.flush();
            int status = readResponse(sink);
            if (closeAfter) {
                close();
            }
            return status;
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io ? io : new IOException(e.toString(), e);
        }
    }

    /** The last body read without a sink, as text (for checks and error messages). */
    String body() {
        return body.toString(StandardCharsets.UTF_8);
    }

    private int readResponse(LineSink sink) throws IOException {
        String statusLine = readHeaderLine();
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        closeAfter = statusLine.startsWith("HTTP/1.0");
        for (String h = readHeaderLine(); !h.isEmpty(); h = readHeaderLine()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> closeAfter |= value.contains("close");
                default -> { }
            }
        }
        body.reset();
        lineLen = 0;
        if (chunked) {
            framing = "chunked";
            while (true) {
                String sizeLine = readHeaderLine();
                int semi = sizeLine.indexOf(';');
                long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                if (size == 0) {
                    while (!readHeaderLine().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                readBody(size, sink);
                if (!readHeaderLine().isEmpty()) {
                    throw new IOException("chunk not followed by CRLF");
                }
            }
        } else if (length >= 0) {
            framing = "content-length";
            readBody(length, sink);
        } else {
            framing = "eof";
            readBody(Long.MAX_VALUE, sink);
            closeAfter = true;
        }
        return status;
    }

    /** Reads {@code n} body bytes (or to the end of the connection when n is Long.MAX_VALUE). */
    private void readBody(long n, LineSink sink) throws IOException {
        while (n > 0) {
            if (input.pos == input.lim && !input.fill()) {
                if (n == Long.MAX_VALUE) {
                    return;
                }
                throw new IOException("connection closed inside a body");
            }
            int take = (int) Math.min(n, input.lim - input.pos);
            if (sink == null) {
                if (body.size() < 1 << 20) {
                    body.write(input.buf, input.pos, take);
                }
            } else {
                lines(take, sink);
            }
            input.pos += take;
            if (n != Long.MAX_VALUE) {
                n -= take;
            }
        }
    }

    private void lines(int take, LineSink sink) {
        for (int k = input.pos; k < input.pos + take; k++) {
            byte b = input.buf[k];
            if (b == '\n') {
                sink.line(line, 0, lineLen, input.readNanos);
                lineLen = 0;
            } else {
                if (lineLen == line.length) {
                    line = java.util.Arrays.copyOf(line, line.length * 2);
                }
                line[lineLen++] = b;
            }
        }
    }

    private String readHeaderLine() throws IOException {
        String line = input.line();
        if (line == null) {
            throw new IOException("connection closed by the server");
        }
        return line;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
