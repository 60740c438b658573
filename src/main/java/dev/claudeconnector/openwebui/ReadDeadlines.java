package dev.claudeconnector.openwebui;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The read timeout of chat calls, kept by one watch over all of them instead of by every read of
 * their sockets. A virtual thread's read with a timeout has the JDK queue a wake-up task and cancel
 * it again (the ForkJoinPool's delay scheduler, its thread woken both times): about 6 % of a busy
 * proxy's CPU, by profile, for a timeout that almost never fires. Here the calls' sockets read
 * without one; a call that has had nothing from Open WebUI for the timeout (no answer yet, or no
 * new bytes of a stream) has its connection closed by the watch, and the read it was blocked in
 * fails as a timeout ({@link SocketTimeoutException}, as the socket's own timeout failed).
 *
 * <p>The watch looks every eighth of the timeout (at most once a second), so a timeout fires up
 * to that much late; it is a daemon thread that stops looking after a quiet spell (no call for
 * {@link #QUIET_TICKS} looks) until the next call. Thread-safe.
 */
final class ReadDeadlines {
    private static final int QUIET_TICKS = 16;

    private final long timeoutNanos;
    private final long tickNanos;
    private final Set<Deadline> open = ConcurrentHashMap.newKeySet();
    private Thread watch; // guarded by this
    private volatile boolean watching;

    ReadDeadlines(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        this.tickNanos = Math.max(Duration.ofMillis(10).toNanos(), Math.min(Duration.ofSeconds(1).toNanos(), timeoutNanos / 8));
    }

    /** A call's deadline, from now; closing it ends the watch over that call. A zero timeout never fires. */
    Deadline start(KeptConnections.Lease connection) {
        Deadline deadline = new Deadline(connection);
        if (timeoutNanos > 0) {
            open.add(deadline);
            if (!watching) {
                wake();
            }
        }
        return deadline;
    }

    private synchronized void wake() {
        watching = true;
        if (watch == null) {
            watch = Thread.ofPlatform().daemon().name("open-webui-read-timeout").start(this::watch);
        } else {
            LockSupport.unpark(watch);
        }
    }

    private void watch() {
        int quiet = 0;
        while (true) {
            LockSupport.parkNanos(tickNanos);
            if (open.isEmpty()) {
                if (++quiet < QUIET_TICKS) {
                    continue;
                }
                watching = false;
                if (open.isEmpty()) { // a call that came meanwhile saw watching still true
                    LockSupport.park();
                }
                watching = true;
                quiet = 0;
                continue;
            }
            quiet = 0;
            long now = System.nanoTime();
            for (Deadline d : open) {
                if (now - d.lastNanos > timeoutNanos) {
                    d.expire();
                }
            }
        }
    }

    /** One call's watch: renewed by every read that brought bytes. */
    final class Deadline implements AutoCloseable {
        private final KeptConnections.Lease connection;
        private volatile long lastNanos = System.nanoTime();
        private volatile boolean expired;

        private Deadline(KeptConnections.Lease connection) {
            this.connection = connection;
        }

        boolean expired() {
            return expired;
        }

        private void expire() {
            expired = true;
            open.remove(this);
            connection.close();
        }

        /** {@code in}, renewing this deadline with every read that brings bytes; a read the watch cut short fails as a timeout. */
        InputStream watched(InputStream in) {
            return new FilterInputStream(in) {
                /** Through {@link #read(byte[], int, int)}: readers here read arrays, so a byte's array costs nothing that matters. */
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                /** After the watch closed the connection, closing the stream has nothing new to say. */
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } catch (IOException | UncheckedIOException e) {
                        if (!expired) {
                            throw e;
                        }
                    }
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        int n = super.read(b, off, len);
                        if (n > 0) {
                            lastNanos = System.nanoTime();
                        }
                        return n;
                    } catch (IOException | UncheckedIOException e) {
                        if (expired) {
                            throw timeout(e);
                        }
                        throw e;
                    }
                }
            };
        }

        /** {@code failure} as the caller should see it: a timeout if the watch closed the connection. */
        Exception seen(Exception failure) {
            return expired ? timeout(failure) : failure;
        }

        private static SocketTimeoutException timeout(Exception cut) {
            SocketTimeoutException timeout = new SocketTimeoutException("Read timed out");
            timeout.initCause(cut);
            return timeout;
        }

        @Override
        public void close() {
            open.remove(this);
        }
    }
}
