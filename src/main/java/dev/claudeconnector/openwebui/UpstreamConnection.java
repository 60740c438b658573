package dev.claudeconnector.openwebui;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.message.MessageSupport;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * One HTTP/1.1 connection to Open WebUI: a socket (TLS and tunnel already set up by
 * {@link UpstreamRoute}) whose answers are read by HttpCore's blocking codec, which frames their
 * bodies (length, chunks, or until the end) and reads them from one buffer of its own. A call's
 * head and body are written by the caller as they are, in one write where it can
 * ({@link RequestHead}); HttpCore only reads. Used by one call at a time; {@link #close} may come
 * from any thread and breaks a read blocked in it.
 */
final class UpstreamConnection implements AutoCloseable {
    private final Socket socket;
    private final Socket tcp;
    private final OutputStream out;
    /**
     * 4 KB buffers, half HttpCore's default: an answer's head and an SSE chunk fit, a read of a
     * larger body into a larger array bypasses the buffer, and the codec's write buffer goes unused
     * (the calls are written straight to the socket). A kept connection holds them for hours.
     */
    private static final Http1Config BUFFERS = Http1Config.custom().setBufferSize(4096).build();

    private final DefaultBHttpClientConnection codec = new DefaultBHttpClientConnection(BUFFERS);

    /**
     * @param socket the socket calls go over (TLS on top of {@code tcp}, or {@code tcp} itself)
     * @param tcp    the TCP socket under it
     */
    UpstreamConnection(Socket socket, Socket tcp) throws IOException {
        this.socket = socket;
        this.tcp = tcp;
        this.out = socket.getOutputStream();
        codec.bind(socket);
    }

    /** Writes {@code length} bytes of {@code bytes} from {@code offset} to Open WebUI, at once. */
    void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        out.flush();
    }

    /**
     * The answer to the call just written: its status line and headers, and for a body the
     * method and status allow, a stream over it (the response's entity). Interim (1xx) answers
     * are skipped.
     */
    ClassicHttpResponse receive(String method) throws IOException, HttpException {
        ClassicHttpResponse response;
        do {
            response = codec.receiveResponseHeader();
        } while (response.getCode() < 200);
        if (MessageSupport.canResponseHaveBody(method, response)) {
            codec.receiveResponseEntity(response);
        }
        return response;
    }

    /** How long a read may wait for bytes; zero waits for ever. */
    void readTimeout(Duration timeout) {
        codec.setSocketTimeout(Timeout.of(timeout));
    }

    boolean isOpen() {
        return !tcp.isClosed() && !socket.isClosed();
    }

    /**
     * Whether the server still holds this idle connection open: nothing to read within
     * {@code peek}. The end of the stream (the server closed it, as uvicorn does after its
     * keep-alive time) or bytes nobody asked for both mean it is not to be used again.
     */
    boolean stillOpen(Duration peek) {
        try {
            socket.setSoTimeout((int) Math.max(1, peek.toMillis()));
            InputStream in = socket.getInputStream();
            in.read();
            return false;
        } catch (SocketTimeoutException quiet) {
            try {
                socket.setSoTimeout(0);
                return true;
            } catch (IOException e) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Closes the TCP socket at once: the server sees the connection end (no TLS goodbye is
     * exchanged, which could wait on a stalled server), and a read blocked in it fails.
     */
    @Override
    public void close() {
        try {
            tcp.close();
        } catch (IOException alreadyGone) {
            // closed either way
        }
    }
}
