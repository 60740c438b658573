package dev.claudeconnector.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;

/** The stand-in's request reader: one request after another from a connection, into reused buffers. */
final class StandInRequest {
    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    String method;
    String path;
    byte[] body = new byte[64 * 1024];
    int length;
    boolean close;

    StandInRequest(InputStream in) {
        this.in = in;
    }

    /** Reads the next request; false at the end of the connection. */
    boolean next() throws IOException {
        String first = line();
        if (first == null) {
            return false;
        }
        String[] parts = first.split(" ");
        method = parts[0];
        path = parts.length > 1 ? parts[1] : "/";
        long contentLength = 0;
        boolean chunked = false;
        close = first.endsWith("HTTP/1.0");
        for (String h = line(); h != null && !h.isEmpty(); h = line()) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                contentLength = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        length = 0;
        if (chunked) {
            for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                 size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                read((int) size);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else {
            read((int) contentLength);
        }
        return true;
    }

    private void read(int n) throws IOException {
        if (length + n > body.length) {
            body = Arrays.copyOf(body, Math.max(body.length * 2, length + n));
        }
        while (n > 0) {
            if (pos == lim && !fill()) {
                throw new IOException("connection closed inside a body");
            }
            int take = Math.min(n, lim - pos);
            System.arraycopy(buf, pos, body, length, take);
            pos += take;
            length += take;
            n -= take;
        }
    }

    private String line() throws IOException {
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

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }
}
