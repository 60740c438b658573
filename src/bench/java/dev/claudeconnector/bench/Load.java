package dev.claudeconnector.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load: {@code concurrency} platform threads, each with its own keep-alive
 * {@link RawHttp} connection kept across runs, take requests from a shared count until it is used
 * up. Every answer must be HTTP 200; anything else counts as an error in {@link Errors}.
 */
final class Load implements AutoCloseable {
    /** Errors across the whole benchmark: counted, the first few kept for the report. */
    static final class Errors {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        private final List<String> first = new ArrayList<>();

        void ok() {
            requests.incrementAndGet();
        }

        void fail(String where, String what) {
            requests.incrementAndGet();
            failed.incrementAndGet();
            synchronized (first) {
                if (first.size() < 10) {
                    first.add(where + ": " + (what.length() > 300 ? what.substring(0, 300) + "…" : what));
                }
            }
        }

        List<String> first() {
            synchronized (first) {
                return List.copyOf(first);
            }
        }
    }

    /** A run's result: how many, how long. */
    record Result(int requests, long nanos, long failed) {
        double perSecond() {
            return requests / (nanos / 1e9);
        }
    }

    private final String name;
    private final RawHttp[] connections;
    private final Errors errors;

    Load(String name, int port, int concurrency, Errors errors) {
        this.name = name;
        this.errors = errors;
        this.connections = new RawHttp[concurrency];
        for (int i = 0; i < concurrency; i++) {
            connections[i] = new RawHttp("127.0.0.1", port, 60_000);
        }
    }

    /** Sends {@code count} requests over all connections at once; returns when all are answered. */
    Result run(byte[] request, int count) throws InterruptedException {
        if (count <= 0) {
            return new Result(0, 1, 0);
        }
        AtomicInteger tickets = new AtomicInteger(count);
        AtomicLong failed = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(connections.length);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (RawHttp c : connections) {
            Thread t = new Thread(() -> {
                try {
                    c.connect();
                } catch (IOException e) {
                    // counted on the first request
                }
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (tickets.getAndDecrement() > 0) {
                    try {
                        int status = c.exchange(request, null);
                        if (status == 200) {
                            errors.ok();
                        } else {
                            failed.incrementAndGet();
                            errors.fail(name, "HTTP " + status + ": " + c.body());
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                        errors.fail(name, e.toString());
                    }
                }
            }, "load-" + name);
            t.start();
            workers.add(t);
        }
        ready.await();
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread t : workers) {
            t.join();
        }
        return new Result(count, System.nanoTime() - t0, failed.get());
    }

    /** How the last answer on the first connection was framed (content-length, chunked, eof). */
    String framing() {
        return connections[0].framing;
    }

    @Override
    public void close() {
        for (RawHttp c : connections) {
            c.close();
        }
    }
}
