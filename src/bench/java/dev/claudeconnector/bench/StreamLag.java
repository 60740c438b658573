package dev.claudeconnector.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * Chunk lag: {@code streams} streamed answers at once, each on its own keep-alive connection, for
 * a number of rounds. The stand-in writes its {@code System.nanoTime()} into each text chunk
 * ({@code "t123456789 "}); for every {@code data:} line carrying such a text (an Anthropic
 * {@code text_delta} through the proxy, an OpenAI {@code delta.content} direct) the lag is the time
 * the read that completed the line returned minus that stamp. The first round is a warm-up.
 */
final class StreamLag {
    private StreamLag() {
    }

    /** All measured lags (ns) and how many streams were measured. */
    record Result(long[] lagsNanos, int streams) {
    }

    static Result run(String name, int port, byte[] request, int streams, int rounds, int chunksPerStream,
                      Load.Errors errors) throws InterruptedException {
        RawHttp[] connections = new RawHttp[streams];
        long[][] lags = new long[streams][];
        CyclicBarrier together = new CyclicBarrier(streams);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            int w = i;
            connections[w] = new RawHttp("127.0.0.1", port, 60_000);
            Thread t = new Thread(() -> lags[w] = worker(name, connections[w], request, rounds, chunksPerStream, together,
                    errors), "stream-" + name);
            t.start();
            workers.add(t);
        }
        for (Thread t : workers) {
            t.join();
        }
        int n = 0;
        for (long[] l : lags) {
            n += l.length;
        }
        long[] all = new long[n];
        int k = 0;
        for (long[] l : lags) {
            System.arraycopy(l, 0, all, k, l.length);
            k += l.length;
        }
        for (RawHttp c : connections) {
            c.close();
        }
        return new Result(all, streams * rounds);
    }

    private static long[] worker(String name, RawHttp c, byte[] request, int rounds, int chunks, CyclicBarrier together,
                                 Load.Errors errors) {
        long[] mine = new long[rounds * chunks];
        int[] count = new int[1];
        int[] inStream = new int[1];
        boolean[] measuring = new boolean[1];
        RawHttp.LineSink sink = (buf, off, len, nanos) -> {
            long sent = stamp(buf, off, len);
            if (sent > 0) {
                inStream[0]++;
                if (measuring[0] && count[0] < mine.length) {
                    mine[count[0]++] = nanos - sent;
                }
            }
        };
        for (int r = 0; r <= rounds; r++) { // round 0 warms up
            measuring[0] = r > 0;
            inStream[0] = 0;
            try {
                together.await(120, TimeUnit.SECONDS);
                int status = c.exchange(request, sink);
                if (status != 200) {
                    errors.fail(name, "HTTP " + status + " for a stream");
                } else if (inStream[0] != chunks) {
                    errors.fail(name, "a stream brought " + inStream[0] + " text chunks, not " + chunks);
                } else {
                    errors.ok();
                }
            } catch (IOException e) {
                errors.fail(name, e.toString());
            } catch (Exception e) { // barrier broken, interrupted
                errors.fail(name, e.toString());
                break;
            }
        }
        return java.util.Arrays.copyOf(mine, count[0]);
    }

    /** The stand-in's send time in a {@code data:} line ({@code ":"t<digits> "}), or -1. */
    static long stamp(byte[] b, int off, int len) {
        int end = off + len;
        if (len < 6 || b[off] != 'd' || b[off + 1] != 'a') {
            return -1;
        }
        for (int i = off; i + 4 < end; i++) {
            if (b[i] == '"' && b[i + 1] == ':' && b[i + 2] == '"' && b[i + 3] == 't' && isDigit(b[i + 4])) {
                long v = 0;
                int j = i + 4;
                while (j < end && isDigit(b[j])) {
                    v = v * 10 + (b[j++] - '0');
                }
                if (j < end && b[j] == ' ') {
                    return v;
                }
            }
        }
        return -1;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
