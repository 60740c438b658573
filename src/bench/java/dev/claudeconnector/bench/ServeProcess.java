package dev.claudeconnector.bench;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One {@code java -jar target/agent.jar serve} as a user would type it, in a temporary home: every
 * folder it may use (HOME, XDG_*, CLAUDE_CONNECTOR_HOME) is inside {@code tmp}, the upstream is the
 * stand-in ({@code --upstream}), the token comes from an auth file ({@code --auth-file}; serve adds
 * its local key to it). Every process started, and every descendant seen, is remembered so that
 * {@link #stopAll} can end them on the way out.
 */
final class ServeProcess {
    private static final Set<ProcessHandle> STARTED = ConcurrentHashMap.newKeySet();
    /** Set by {@link #stopAll}: no process may start after it has looked (start and stopAll hold the lock). */
    private static boolean stopping;
    /** The system property the launcher gives the proxy's own JVM, after that JVM's options. */
    private static final String LAUNCHED = "-Dconnector.launched=true";

    final Process process;
    final int port;
    final long launchedNanos;
    final Path authFile;
    /** From launch until the port first accepted a connection (set by {@link #awaitReady}), ns; -1 before. */
    long listeningNanos = -1;

    private ServeProcess(Process process, int port, long launchedNanos, Path authFile) {
        this.process = process;
        this.port = port;
        this.launchedNanos = launchedNanos;
        this.authFile = authFile;
    }

    static ServeProcess start(String java, Path jar, Path tmp, int upstreamPort) throws IOException {
        int port = freePort();
        Path authFile = tmp.resolve("auth.env");
        List<String> command = List.of(java, "-jar", jar.toAbsolutePath().toString(), "serve", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--upstream", "http://127.0.0.1:" + upstreamPort, "--auth-file",
                authFile.toString(), "--profile", tmp.resolve("profile").toString());
        return launch(command, Map.of(), tmp, port, authFile);
    }

    /**
     * {@link PassThrough} in front of the stand-in, run as {@code like}'s proxy JVM runs: the same
     * java, the same JVM options and malloc settings (its class-data cache aside, which is made for
     * serve's class path), on the same jar's Helidon. Its auth file holds a local key for
     * {@link #awaitReady}, which it ignores.
     */
    static ServeProcess passThrough(ServeProcess like, Path jar, Path tmp, int upstreamPort) throws IOException {
        ProcessHandle proxy = like.tree().stream().filter(p -> ProcTree.arguments(p.pid()).contains(LAUNCHED)).findFirst()
                .orElseThrow(() -> new IOException("no proxy JVM (" + LAUNCHED + ") under serve's process"));
        List<String> jvm = ProcTree.arguments(proxy.pid());
        List<String> command = new ArrayList<>();
        command.add(jvm.getFirst());
        jvm.subList(1, jvm.indexOf(LAUNCHED)).stream()
                .filter(o -> !o.startsWith("-XX:AOTCache=") && !o.startsWith("-XX:SharedArchiveFile=")
                        && !o.equals("-XX:+AutoCreateSharedArchive"))
                .forEach(command::add);
        int port = freePort();
        command.addAll(List.of("-cp", jar.toAbsolutePath() + File.pathSeparator + System.getProperty("java.class.path"),
                PassThrough.class.getName(), Integer.toString(port), Integer.toString(upstreamPort)));
        Map<String, String> malloc = new LinkedHashMap<>();
        ProcTree.environment(proxy.pid()).forEach((name, value) -> {
            if (name.startsWith("MALLOC_")) {
                malloc.put(name, value);
            }
        });
        Path authFile = tmp.resolve("auth.env");
        Files.writeString(authFile, "export CONNECTOR_LOCAL_KEY='pass-through'\n");
        return launch(command, malloc, tmp, port, authFile);
    }

    private static ServeProcess launch(List<String> command, Map<String, String> extraEnvironment, Path tmp, int port,
                                       Path authFile) throws IOException {
        Path home = tmp.resolve("home");
        // Run in the temporary folder: what serve or the JDK leave in their working folder (jcmd's
        // .attach_pid file) goes with it, not into the repository.
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("serve.log").toFile()))
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        for (String name : List.of("CONNECTOR_LOCAL_KEY", "WEBUI_SESSION_TOKEN", "WEBUI_URL", "CLAUDE_CONNECTOR_LOG")) {
            env.remove(name);
        }
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        env.put("XDG_STATE_HOME", home.resolve(".local/state").toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        env.put("CLAUDE_CONNECTOR_HOME", tmp.resolve("connector-home").toString());
        env.putAll(extraEnvironment);
        Files.createDirectories(home);
        synchronized (STARTED) {
            if (stopping) {
                throw new IOException("the benchmark is stopping");
            }
            long launched = System.nanoTime();
            Process p = pb.start();
            STARTED.add(p.toHandle());
            return new ServeProcess(p, port, launched, authFile);
        }
    }

    /** Writes the auth file the way a user's would start: the Open WebUI token only (serve adds its key). */
    static void writeAuthFile(Path tmp, String token) throws IOException {
        Path file = tmp.resolve("auth.env");
        Files.writeString(file, "export WEBUI_SESSION_TOKEN='" + token + "'\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    /** The local key serve wrote to the auth file, if it has yet. */
    static Optional<String> localKey(Path authFile) {
        try {
            for (String line : Files.readAllLines(authFile, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.startsWith("export CONNECTOR_LOCAL_KEY=")) {
                    String v = l.substring("export CONNECTOR_LOCAL_KEY=".length()).replace("'", "").replace("\"", "");
                    if (!v.isEmpty()) {
                        return Optional.of(v);
                    }
                }
            }
        } catch (IOException e) {
            // not there yet
        }
        return Optional.empty();
    }

    /**
     * Polls every 5 ms, a fresh connection each time, with a non-stream {@code POST /v1/messages}
     * until one is answered 200. The request needs the local key, read from the auth file until serve has written it.
     *
     * @param request builds the request for a key
     * @return nanoseconds from {@code ProcessBuilder.start()} to that answer
     */
    long awaitReady(Function<String, byte[]> request, long timeoutNanos) throws IOException, InterruptedException {
        String lastProblem = "no answer";
        while (System.nanoTime() - launchedNanos < timeoutNanos) {
            if (!process.isAlive()) {
                throw new IOException("serve exited with code " + process.exitValue() + " before it was ready");
            }
            Optional<String> key = localKey(authFile);
            if (key.isPresent()) {
                try (RawHttp c = new RawHttp("127.0.0.1", port, 30_000)) {
                    c.connect();
                    if (listeningNanos < 0) {
                        listeningNanos = System.nanoTime() - launchedNanos;
                    }
                    int status = c.exchange(request.apply(key.get()), null);
                    if (status == 200) {
                        return System.nanoTime() - launchedNanos;
                    }
                    lastProblem = "HTTP " + status + ": " + c.body();
                } catch (ConnectException refused) {
                    lastProblem = "connection refused";
                } catch (IOException e) {
                    lastProblem = e.toString();
                }
            }
            Thread.sleep(5);
        }
        throw new IOException("serve did not answer POST /v1/messages with 200 within "
                + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s (last: " + lastProblem + ")");
    }

    /** The tree now (root and descendants), remembered for {@link #stopAll}. */
    List<ProcessHandle> tree() {
        List<ProcessHandle> tree = ProcTree.of(process.toHandle());
        STARTED.addAll(tree);
        return tree;
    }

    /**
     * SIGTERM to the whole tree, wait for every process of it to exit, SIGKILL what is left after 10 s.
     *
     * @return what happened, e.g. "exited in 0.4 s" or "killed after 10 s: pid 123"
     */
    String stop() throws InterruptedException {
        return stop(tree(), 10_000);
    }

    static String stop(List<ProcessHandle> tree, long graceMillis) throws InterruptedException {
        long t0 = System.nanoTime();
        tree.forEach(ProcessHandle::destroy);
        long deadline = t0 + graceMillis * 1_000_000L;
        List<ProcessHandle> left = new ArrayList<>(tree);
        StringBuilder exits = new StringBuilder();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            left.removeIf(p -> {
                if (p.isAlive()) {
                    return false;
                }
                exits.append(exits.isEmpty() ? "" : ", ").append(String.format("pid %d %.2f s", p.pid(),
                        (System.nanoTime() - t0) / 1e9));
                return true;
            });
            Thread.sleep(10);
        }
        if (left.isEmpty()) {
            return "exited (" + exits + ")";
        }
        List<Long> killed = left.stream().map(ProcessHandle::pid).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        return "killed after " + graceMillis / 1000 + " s: pids " + killed + (exits.isEmpty() ? "" : "; exited: " + exits);
    }

    /** Ends every process this harness started (and descendants it saw or can still see). */
    static void stopAll() {
        Map<Long, ProcessHandle> all = new LinkedHashMap<>();
        synchronized (STARTED) {
            stopping = true;
            for (ProcessHandle p : STARTED) {
                all.put(p.pid(), p);
                p.descendants().forEach(d -> all.put(d.pid(), d));
            }
        }
        List<ProcessHandle> alive = all.values().stream().filter(ProcessHandle::isAlive).toList();
        if (!alive.isEmpty()) {
            try {
                stop(alive, 5_000);
            } catch (InterruptedException e) {
                alive.forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The end of serve's log in {@code tmp}, to stderr (after a failure). */
    static void showLog(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            List<String> log = Files.readAllLines(tmp.resolve("serve.log"));
            System.err.println("bench: the last lines of serve's log:");
            log.subList(Math.max(0, log.size() - 30), log.size()).forEach(l -> System.err.println("  " + l));
        } catch (IOException | RuntimeException e) {
            // no log
        }
    }

    /** Removes a folder and everything in it, as far as it can. */
    static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
