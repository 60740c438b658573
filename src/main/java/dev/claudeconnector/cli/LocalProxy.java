package dev.claudeconnector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudeconnector.config.Settings;
import dev.claudeconnector.config.UserHome;
import dev.claudeconnector.json.JsonTrees;
import dev.claudeconnector.proxy.ProxyServer;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The proxy on this machine: is it serving, and starting it in the background when it is not. */
final class LocalProxy {
    /** The jar's entry point (Java 11 code, so referenced by name). */
    static final String LAUNCHER = "dev.claudeconnector.Launcher";


    private LocalProxy() {
    }

    /**
     * What a running proxy says about itself.
     *
     * @param pid                its process id (0 when an older proxy did not say)
     * @param build              which build of the jar it runs ({@code Invocation.build()})
     * @param signInWaitingSince when its visible sign-in window opened, while one waits for the person
     */
    record Health(String version, String upstream, long pid, String build, Optional<Instant> started,
                  Optional<String> log, Optional<String> signInWaitingSince) {
        /** "claude-connector 0.1.0 (pid 1234)". */
        String describe() {
            return "claude-connector " + version + (pid > 0 ? " (pid " + pid + ")" : "");
        }
    }

    /** What answers on the proxy port: nothing, something else, or a claude-connector proxy. */
    sealed interface Probe permits NotListening, Foreign, Ours {
    }

    record NotListening() implements Probe {
    }

    /** Something that is not this proxy holds the port; {@code detail} says what was seen. */
    record Foreign(String detail) implements Probe {
    }

    record Ours(Health health) implements Probe {
    }

    /** Asks the port's {@code /observe/health} (no key needed). */
    static Probe probe(Settings settings, Duration timeout) {
        String base = settings.localBaseUrl();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base + "/observe/health"))
                    .timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
            return healthOf(res.body()).<Probe>map(Ours::new)
                    .orElseGet(() -> new Foreign(base + " answers, but not as claude-connector (HTTP " + res.statusCode() + ")"));
        } catch (ConnectException e) {
            return new NotListening();
        } catch (HttpTimeoutException e) {
            return new Foreign("something on " + base + " does not answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            return new Foreign("something on " + base + " does not speak HTTP (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Foreign("not checked (interrupted)");
        }
    }

    /** The running proxy's health answer on the configured port, if a claude-connector proxy answers there. */
    static Optional<Health> health(Settings settings) {
        return probe(settings, Duration.ofSeconds(2)) instanceof Ours ours ? Optional.of(ours.health()) : Optional.empty();
    }

    /** The details of the health check named "proxy" that {@code serve} registers. */
    private static Optional<Health> healthOf(String body) {
        try {
            for (JsonNode check : JsonTrees.read(body).path("checks")) {
                JsonNode data = check.path("data");
                if ("proxy".equals(check.path("name").asText()) && data.has("version")) {
                    JsonNode since = data.path(ProxyServer.SIGN_IN_WAITING);
                    Optional<Instant> started;
                    try {
                        started = Optional.of(Instant.parse(data.path("started").asText()));
                    } catch (RuntimeException unknown) {
                        started = Optional.empty();
                    }
                    return Optional.of(new Health(data.path("version").asText("?"), data.path("upstream").asText("?"),
                            data.path("pid").asLong(0), data.path("build").asText(""), started,
                            data.path("log").isTextual() ? Optional.of(data.path("log").asText()) : Optional.empty(),
                            since.isTextual() ? Optional.of(since.asText()) : Optional.empty()));
                }
            }
        } catch (IOException | RuntimeException notOurs) {
            // not JSON: some other program
        }
        return Optional.empty();
    }

    /**
     * Who holds the proxy port, when something does: a claude-connector proxy (by its health) or
     * another program. Found by binding the port for a moment, so it also sees programs that do not speak HTTP.
     */
    static Optional<String> portHolder(Settings settings) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(settings.host(), settings.port()));
            return Optional.empty();
        } catch (IOException taken) {
            return Optional.of(switch (probe(settings, Duration.ofSeconds(1))) {
                case Ours o -> o.health().describe();
                case Foreign f -> "another program (" + f.detail() + ")";
                case NotListening n -> "another program (" + taken.getMessage() + ")";
            });
        }
    }

    /**
     * Starts {@code serve} as a separate process that outlives this one and the terminal (its own
     * session via setsid where available; stdin from /dev/null; output to {@code log}), and waits
     * until it answers.
     */
    static Health startInBackground(Settings settings, List<String> serveFlags, Path log, Duration wait) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            command.add("/usr/bin/setsid");
        }
        command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // Through the jar's launcher, which starts the proxy's JVM with the options that keep it lean
        // (in this process's place on JDK 22+, so the pid is the proxy's).
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                LAUNCHER, "serve"));
        command.addAll(serveFlags);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put(ProxyServer.LOG_ENV, log.toAbsolutePath().toString());
        Process serve = builder
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true)
                .start();
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Health> health = health(settings);
            if (health.isPresent()) {
                return health.get();
            }
            if (!serve.isAlive() && !command.getFirst().endsWith("setsid")) {
                break;
            }
            sleep();
        }
        throw new IllegalStateException("the proxy did not start on port " + settings.port() + ": " + lastLine(log)
                + " (full log: " + log + ")");
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "no output" : lines.getLast();
        } catch (IOException e) {
            return "no log";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(150);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the proxy");
        }
    }
}
