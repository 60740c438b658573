package dev.claudeconnector.cli;

import dev.claudeconnector.config.Invocation;
import dev.claudeconnector.config.Settings;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The background proxy as a managed service, shared by {@code claude}, {@code env}, {@code stop} and
 * {@code restart}: start it with the user's settings (log and pid file in the per-user home), find
 * it on its port, stop it (running answers first), and replace one from an older build.
 */
final class ProxyProcess {
    private static final Duration START_WAIT = Duration.ofSeconds(30);
    /** After SIGTERM without running answers a proxy is gone within a second; more means it drains. */
    private static final Duration QUICK_STOP = Duration.ofSeconds(2);

    private ProxyProcess() {
    }

    /**
     * Makes sure a proxy of this build serves the port: starts one when nothing listens, replaces one
     * from another build (after its running answers), and notes one forwarding elsewhere.
     */
    static void ensureRunning(Settings settings, CommonOptions options, PrintWriter err) throws IOException {
        Optional<LocalProxy.Health> running = LocalProxy.health(settings);
        if (running.isPresent() && !running.get().build().equals(Invocation.build()) && running.get().pid() > 0) {
            err.println("note: the proxy on port " + settings.port() + " is from another build of claude-connector;"
                    + " replacing it (its running answers finish first).");
            err.flush();
            if (!stop(settings, false, err, err)) {
                return;
            }
            running = Optional.empty();
        }
        if (running.isPresent()) {
            if (!running.get().upstream().equals(settings.upstream().toString())) {
                err.println("note: the proxy on port " + settings.port() + " forwards to " + running.get().upstream()
                        + ", not " + settings.upstream() + "; '" + Invocation.of("restart") + "' applies your settings.");
            }
            return;
        }
        startInBackground(settings, options, err);
    }

    static LocalProxy.Health startInBackground(Settings settings, CommonOptions options, PrintWriter err) throws IOException {
        Path log = settings.home().serveLog(settings.port());
        err.println("Starting the proxy in the background on " + settings.localBaseUrl() + " (log: " + log + ")…");
        err.flush();
        return LocalProxy.startInBackground(settings, serveFlags(options), log, START_WAIT);
    }

    /**
     * Stops the proxy on the port: SIGTERM, then waits while it finishes its running answers
     * ({@code now}: SIGKILL at once).
     *
     * @return true when nothing serves the port any more
     */
    static boolean stop(Settings settings, boolean now, PrintWriter out, PrintWriter err) {
        String base = settings.localBaseUrl();
        LocalProxy.Probe probe = LocalProxy.probe(settings, Duration.ofSeconds(2));
        if (probe instanceof LocalProxy.NotListening) {
            out.println("No proxy is running on " + base + ".");
            removeStale(settings);
            return true;
        }
        if (!(probe instanceof LocalProxy.Ours ours) || ours.health().pid() <= 0) {
            err.println("error: " + (probe instanceof LocalProxy.Foreign f ? f.detail() : "the proxy on " + base
                    + " does not say its process id (an older build): stop it where it runs")
                    + "; nothing was stopped");
            return false;
        }
        long pid = ours.health().pid();
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            err.println("error: the proxy on " + base + " names process " + pid + ", which this user cannot see");
            return false;
        }
        if (now) {
            process.get().destroyForcibly();
        } else {
            process.get().destroy();
        }
        boolean told = false;
        long started = System.nanoTime();
        // The port, not the process, is what matters (and an exited process may linger as a zombie).
        while (!(LocalProxy.probe(settings, Duration.ofSeconds(1)) instanceof LocalProxy.NotListening)) {
            if (!told && System.nanoTime() - started > QUICK_STOP.toNanos()) {
                err.println("Waiting for the proxy's running answers to finish (or: " + Invocation.of("stop --now") + ")…");
                err.flush();
                told = true;
            }
            if (System.nanoTime() - started > ServeCommand.DRAIN.plusSeconds(10).toNanos()) {
                err.println("error: the proxy (pid " + pid + ") did not stop; try '" + Invocation.of("stop --now") + "'");
                return false;
            }
            sleep();
        }
        removeStale(settings);
        out.println("Stopped the proxy on " + base + " (pid " + pid + ").");
        return true;
    }

    private static void removeStale(Settings settings) {
        Path pidFile = settings.home().pidFile(settings.port());
        PidFile.read(pidFile).filter(p -> ProcessHandle.of(p.pid()).map(h -> !h.isAlive()).orElse(true))
                .ifPresent(p -> PidFile.removeIfOurs(pidFile, p.pid()));
    }

    /** The user's own flags, so the background proxy runs with the same settings. */
    private static List<String> serveFlags(CommonOptions options) {
        List<String> flags = new ArrayList<>();
        add(flags, "--config", options.config == null ? null : options.config.toAbsolutePath());
        add(flags, "--upstream", options.upstream);
        add(flags, "--port", options.port);
        add(flags, "--auth-file", options.authFile == null ? null : options.authFile.toAbsolutePath());
        add(flags, "--profile", options.profile == null ? null : options.profile.toAbsolutePath());
        add(flags, "--browser", options.browser);
        add(flags, "--log-level", options.logLevel);
        return flags;
    }

    static void add(List<String> flags, String name, Object value) {
        if (value != null) {
            flags.add(name);
            flags.add(value.toString());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the proxy to stop");
        }
    }
}
