package dev.claudeconnector.cli;

import dev.claudeconnector.proxy.ProxyServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Log records on stderr, a line each ({@link LineFormatter}), as the JDK's {@code ConsoleHandler}
 * writes them, except that a burst of request lines (one per request, {@link
 * ProxyServer#REQUEST_LOGGER}) leaves in one write: a request line that comes when nothing was
 * written for {@link #BURST} goes out at once, and those that follow it within that time wait (at
 * most {@link #BURST}) and go out together. An idle proxy's lines are as prompt as before; a busy
 * one writes its request lines once per tenth of a second instead of once per request (a system
 * call each: about 2 % of the proxy's CPU under load, README, Benchmarks). Every other record goes
 * out at once, after the lines waiting before it, so the order is kept; so does everything at
 * {@link #flush} (after each command) and {@link #close} (the log manager's reset at exit).
 */
final class StderrLines extends Handler {
    static final Duration BURST = Duration.ofMillis(100);
    /** More than this many bytes waiting go out at once. */
    static final int MAX_WAITING = 16 * 1024;

    private final PrintStream out;
    private final Charset charset;
    private final LongSupplier nanoTime;
    private final Consumer<Runnable> later;
    private final ByteArrayOutputStream waiting = new ByteArrayOutputStream(1024);
    private long lastWrite;
    private boolean writeScheduled;

    /** On {@code System.err} as it is now (as {@code ConsoleHandler} takes it). */
    StderrLines() {
        this(System.err, System::nanoTime, StderrLines::afterBurst);
    }

    /**
     * @param nanoTime the clock ({@link System#nanoTime} but in tests)
     * @param later    runs a task {@link #BURST} from now, on another thread
     */
    StderrLines(PrintStream out, LongSupplier nanoTime, Consumer<Runnable> later) {
        this.out = out;
        this.charset = out.charset();
        this.nanoTime = nanoTime;
        this.later = later;
        this.lastWrite = nanoTime.getAsLong() - BURST.toNanos();
        setFormatter(new LineFormatter());
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String line;
        try {
            line = getFormatter().format(record);
        } catch (RuntimeException e) {
            reportError(null, e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        waiting.writeBytes(line.getBytes(charset));
        long now = nanoTime.getAsLong();
        if (now - lastWrite >= BURST.toNanos() || !ProxyServer.REQUEST_LOGGER.equals(record.getLoggerName())
                || record.getLevel().intValue() > Level.INFO.intValue() || waiting.size() > MAX_WAITING) {
            write(now);
        } else if (!writeScheduled) {
            writeScheduled = true;
            later.accept(this::writeWaiting);
        }
    }

    private synchronized void writeWaiting() {
        writeScheduled = false;
        write(nanoTime.getAsLong());
    }

    private void write(long now) {
        if (waiting.size() == 0) {
            return;
        }
        try {
            waiting.writeTo(out); // one write of all the lines waiting
        } catch (IOException e) {
            reportError(null, e, ErrorManager.WRITE_FAILURE); // PrintStream never throws; kept for the signature
        }
        out.flush();
        if (out.checkError()) {
            reportError(null, null, ErrorManager.WRITE_FAILURE);
        }
        waiting.reset();
        lastWrite = now;
    }

    @Override
    public synchronized void flush() {
        write(nanoTime.getAsLong());
    }

    @Override
    public void close() {
        flush();
    }

    private static void afterBurst(Runnable task) {
        Thread.ofVirtual().name("log-lines").start(() -> {
            try {
                Thread.sleep(BURST);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            task.run();
        });
    }
}
