package dev.claudeconnector.bench;

import java.io.IOException;
import java.io.InputStream;

/**
 * A connection's bytes as HTTP/1.1 reads them: CRLF lines and runs of bytes from one 64 KiB buffer
 * ({@link #buf} from {@link #pos} to {@link #lim}); the harness client's and the stand-in's reader.
 */
final class ByteInput {
    final byte[] buf = new byte[64 * 1024];
    int pos;
    int lim;
    /** {@link System#nanoTime()} when the last read returned. */
    long readNanos;
    private final InputStream in;

    ByteInput(InputStream in) {
        this.in = in;
    }

    /** The next line without its line end; what is left at the end of the stream, or null when nothing is. */
    String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            if (pos == lim && !fill()) {
                return sb.length() == 0 ? null : sb.toString();
            }
            byte b = buf[pos++];
            if (b == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) (b & 0xff));
        }
    }

    /** Reads more into the buffer, replacing what was consumed; false at the end of the stream. */
    boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        readNanos = System.nanoTime();
        if (n <= 0) {
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }
}
