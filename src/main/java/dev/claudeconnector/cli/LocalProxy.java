package dev.claudeconnector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudeconnector.config.Settings;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The proxy on this machine: is it serving, and starting it in the background when it is not. */
final class LocalProxy {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalProxy() {
    }

    /** What a running proxy says about itself. */
    record Health(String version, String upstream) {
    }

    /** The proxy's health answer on the configured port, if a claude-connector proxy answers there. */
    static Optional<Health> health(Settings settings) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(settings.localBaseUrl() + "/observe/health"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) {
                return Optional.empty();
            }
            for (JsonNode check : JSON.readTree(res.body()).path("checks")) {
                if ("proxy".equals(check.path("name").asText())) {
                    JsonNode data = check.path("data");
                    return Optional.of(new Health(data.path("version").asText("?"), data.path("upstream").asText("?")));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
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
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve"));
        command.addAll(serveFlags);
        Process serve = new ProcessBuilder(command)
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
