package dev.claudeconnector.openwebui;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.impl.DefaultConnectionReuseStrategy;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.protocol.HttpCoreContext;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * One call on a leased connection, from its answer's head on: the status, the headers, and the
 * body as it arrives. The connection goes back to {@link KeptConnections} when the body was read
 * to its end and HttpCore's reuse rule allows (HTTP/1.1 without {@code Connection: close}, a framed
 * body); closing the body before its end closes the connection, so an answer broken off is never
 * waited for (HttpCore's own streams would read it to the end first). Closing is idempotent.
 */
final class Exchange implements AutoCloseable {
    private final ClassicHttpResponse response;
    private final KeptConnections.Lease lease;
    private final boolean reusable;
    private final Body body;

    private Exchange(ClassicHttpResponse response, KeptConnections.Lease lease, boolean reusable, InputStream content) {
        this.response = response;
        this.lease = lease;
        this.reusable = reusable;
        this.body = new Body(content);
    }

    /**
     * Writes the call ({@code send}) on {@code lease}'s connection and reads its answer's head.
     * On failure the connection is closed.
     */
    static Exchange start(KeptConnections.Lease lease, RequestHead head, Send send) throws IOException {
        try {
            send.to(lease.connection());
            ClassicHttpResponse response = lease.connection().receive(head.method());
            boolean reusable = DefaultConnectionReuseStrategy.INSTANCE.keepAlive(
                    new BasicHttpRequest(head.method(), "/"), response, HttpCoreContext.create());
            HttpEntity entity = response.getEntity();
            return new Exchange(response, lease, reusable, entity == null ? InputStream.nullInputStream() : entity.getContent());
        } catch (HttpException e) {
            lease.close();
            throw new IOException("Open WebUI answered with no valid HTTP: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** Writes a call on a connection. */
    @FunctionalInterface
    interface Send {
        void to(UpstreamConnection connection) throws IOException;
    }

    int status() {
        return response.getCode();
    }

    /** The first value of header {@code name} (any case). */
    Optional<String> header(String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? Optional.empty() : Optional.ofNullable(header.getValue());
    }

    /** The body as it arrives; closing it ends the call (see the class comment). */
    InputStream body() {
        return body;
    }

    /** Has closing the body read what is left of it first (a whole answer, read by a parser that may stop at its last token). */
    void readToEndOnClose() {
        body.readRest = true;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException broken) {
            // the connection is closed either way
        }
    }

    private final class Body extends FilterInputStream {
        private boolean ended;
        private boolean closed;
        private boolean readRest;

        Body(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            ended |= n < 0;
            return n;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                // Mostly nothing is left (a parser that stopped at the last token): one read tells, with no buffer.
                if (!ended && readRest && read() >= 0) {
                    transferTo(OutputStream.nullOutputStream());
                }
            } finally {
                if (ended && reusable) {
                    lease.release();
                } else {
                    lease.close();
                }
            }
        }
    }
}
