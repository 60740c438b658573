package dev.claudeconnector.openwebui;

import dev.claudeconnector.json.JsonBytes;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.webclient.api.ClientConnection;

import java.time.Duration;

/**
 * A kept connection as one chat call sees it, so that the call's head and body leave in one write.
 * Helidon writes a call with a known length as two: its head (request line and headers, ~420 bytes)
 * and then the body (Http1CallOutputStreamChain), and with {@code TCP_NODELAY} each write is a TCP
 * segment of its own, a trip through the network stack on both ends. Here the head is copied into
 * the room {@link ChatRequest#HEAD_ROOM} left before the body in the body's own array, and head and
 * body go out together from there: no copy of the body, one write (README, Benchmarks). A head larger
 * than the room, or writes in any other order, go out as Helidon wrote them. One call, one thread.
 */
final class SingleWriteConnection implements ClientConnection {
    private final ClientConnection connection;
    private final JsonBytes body;
    private final DataWriter writer;

    SingleWriteConnection(ClientConnection connection, JsonBytes body) {
        this(connection, connection.writer(), body);
    }

    /** With {@code out} in place of the connection's own writer (tests watch the socket's writes). */
    SingleWriteConnection(ClientConnection connection, DataWriter out, JsonBytes body) {
        this.connection = connection;
        this.body = body;
        this.writer = new HeadBeforeBody(out);
    }

    @Override
    public DataWriter writer() {
        return writer;
    }

    @Override
    public DataReader reader() {
        return connection.reader();
    }

    @Override
    public String channelId() {
        return connection.channelId();
    }

    @Override
    public HelidonSocket helidonSocket() {
        return connection.helidonSocket();
    }

    @Override
    public void readTimeout(Duration readTimeout) {
        connection.readTimeout(readTimeout);
    }

    @Override
    public boolean allowExpectContinue() {
        return connection.allowExpectContinue();
    }

    @Override
    public void allowExpectContinue(boolean allowExpectContinue) {
        connection.allowExpectContinue(allowExpectContinue);
    }

    @Override
    public boolean isConnected() {
        return connection.isConnected();
    }

    @Override
    public ClientConnection connect() {
        connection.connect();
        return this;
    }

    @Override
    public void releaseResource() {
        connection.releaseResource();
    }

    @Override
    public void closeResource() {
        connection.closeResource();
    }

    /** Holds the call's first write (its head) in the body's array until the body comes. */
    private final class HeadBeforeBody implements DataWriter {
        private final DataWriter out;
        private boolean first = true;
        /** Where the held head starts in the body's array; -1 when none is held. */
        private int headStart = -1;

        HeadBeforeBody(DataWriter out) {
            this.out = out;
        }

        @Override
        public void write(BufferData... buffers) {
            for (BufferData buffer : buffers) {
                write(buffer);
            }
        }

        @Override
        public void write(BufferData buffer) {
            if (first) {
                first = false;
                int n = buffer.available();
                if (n > 0 && n <= body.offset()) {
                    headStart = body.offset() - n;
                    buffer.read(body.array(), headStart, n);
                    return;
                }
            } else if (headStart >= 0 && isBody(buffer)) {
                int start = headStart;
                headStart = -1;
                out.writeNow(BufferData.create(body.array(), start, body.offset() - start + body.length()));
                return;
            }
            sendHead();
            out.write(buffer);
        }

        @Override
        public void writeNow(BufferData... buffers) {
            sendHead();
            out.writeNow(buffers);
        }

        @Override
        public void writeNow(BufferData buffer) {
            sendHead();
            out.writeNow(buffer);
        }

        @Override
        public void flush() {
            sendHead();
            out.flush();
        }

        /** The whole body in one buffer, as the call's own output stream hands it on. */
        private boolean isBody(BufferData buffer) {
            int n = body.length();
            return buffer.available() == n && n > 0
                    && (byte) buffer.get(0) == body.array()[body.offset()]
                    && (byte) buffer.get(n - 1) == body.array()[body.offset() + n - 1];
        }

        /** A held head goes out alone: what came after it was not the body. */
        private void sendHead() {
            if (headStart >= 0) {
                int start = headStart;
                headStart = -1;
                out.writeNow(BufferData.create(body.array(), start, body.offset() - start));
            }
        }
    }
}
