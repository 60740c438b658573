package dev.claudeconnector.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;

/** The stand-in's request reader: one request after another from a connection, into reused buffers. */
final class StandInRequest {
    private final ByteInput input;
    String method;
    String path;
    byte[] body = new byte[64 * 1024];
    int length;
    boolean close;

    StandInRequest(InputStream in) {
        this.input = new ByteInput(in);
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
            if (input.pos == input.lim && !input.fill()) {
                throw new IOException("connection closed inside a body");
            }
            int take = Math.min(n, input.lim - input.pos);
            System.arraycopy(input.buf, input.pos, body, length, take);
            input.pos += take;
            length += take;
            n -= take;
        }
    }

    private String line() throws IOException {
        return input.line();
    }
}
