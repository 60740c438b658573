package dev.claudeconnector.cli;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.claudeconnector.auth.AuthFile;
import dev.claudeconnector.auth.Credentials;
import dev.claudeconnector.config.UserHome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code java -jar agent.jar serve} as typed: the launcher puts the proxy's lean JVM in its own
 * place (same pid, no second JVM; on a Java 17 launcher too, through the jar's execve library), the
 * first start trains the ahead-of-time cache in the background, and the next start maps it. Needs the packaged jar (runs after {@code package}) and
 * Linux's /proc to read the JVM's command line; JDK 25+ for the cache.
 */
class LeanServeTest {
    @TempDir
    Path tmp;

    private WireMockServer webui;
    private Process serve;

    @AfterEach
    void tearDown() throws Exception {
        stop();
        if (webui != null) {
            webui.stop();
        }
    }

    @Test
    void serveRunsInALeanJvmInPlaceOfTheLauncherAndStartsFromItsCacheTheNextTime() throws Exception {
        String packaged = System.getProperty("connector.packaged-jar");
        assumeTrue(packaged != null && Files.isRegularFile(Path.of(packaged)), "needs the packaged jar (./build verify)");
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "reads the JVM's command line from /proc");
        assumeTrue(Runtime.version().feature() >= 25, "the ahead-of-time cache needs JDK 25+");
        webui = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        webui.start();
        // Open WebUI's model list and a whole chat completion (main.py get_models / chat_completion).
        webui.stubFor(get("/api/models").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"data\":[{\"id\":\"claude-sonnet-4.5\",\"name\":\"Claude Sonnet 4.5\"}]}")));
        webui.stubFor(post("/api/chat/completions").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"claude-sonnet-4.5\",\"choices\":[{\"index\":0,"
                        + "\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"hi\"}}],"
                        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}")));
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path cache = home.resolve("cache/claude-connector");
        Path auth = UserHome.in(home).authFile();
        Files.createDirectories(auth.getParent());
        Files.writeString(auth, "export WEBUI_SESSION_TOKEN='tok'\n");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }

        start(packaged, home, port);
        String first = commandLine(serve.pid());
        assertTrue(first.contains("-XX:+UseSerialGC") && first.contains("-Dconnector.launched=true"),
                "the process started as `java -jar` is now the proxy's lean JVM: " + first);
        assertFalse(first.contains("-XX:AOTCache="), "no cache before the first training: " + first);
        assertMallocSettings(serve.pid());
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/observe/metrics")).header("Accept", "text/plain").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode(), "the environment does not configure Helidon's metrics");
        assertTrue(metrics.body().contains("connector_requests_total"), metrics.body());
        Path aot = waitForCache(cache);
        stop();

        start(packaged, home, port);
        String second = commandLine(serve.pid());
        assertTrue(second.contains("-XX:AOTCache=" + aot), "the next start maps the cache: " + second);
        String log = Files.readString(tmp.resolve("serve.log"), StandardCharsets.UTF_8);
        assertFalse(log.contains("[warning]") || log.contains("[error]"), "the JVM says nothing about its cache:\n" + log);
        try (Stream<Path> files = Files.list(cache)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().matches("libconnector-exec-[0-9a-f]+\\.so")),
                    "the launcher's execve library sits beside the cache");
        }
        stop();

        // A default java too old for the foreign function API (Debian's 17, say) still gives serve its place.
        Optional<Path> older = olderJava();
        if (older.isPresent()) {
            start(older.get(), packaged, home, port);
            String third = commandLine(serve.pid());
            assertTrue(third.contains("-XX:+UseSerialGC") && third.contains("-XX:AOTCache=" + aot),
                    "the process " + older.get() + " -jar started is now the proxy's lean JVM: " + third);
            assertMallocSettings(serve.pid());
        }
    }

    /** A Java 11-21 on this machine, as the JDK's own {@code release} file tells; the machine's default java on a build machine. */
    private static Optional<Path> olderJava() throws Exception {
        Path folder = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(folder)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java"))).filter(home -> {
                try {
                    String release = Files.readString(home.resolve("release"));
                    java.util.regex.Matcher version = java.util.regex.Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(release);
                    return version.find() && Integer.parseInt(version.group(1)) >= 11 && Integer.parseInt(version.group(1)) < 22;
                } catch (java.io.IOException unreadable) {
                    return false;
                }
            }).map(home -> home.resolve("bin/java")).findFirst();
        }
    }

    /** Starts serve as a user types it and waits for its first answered request (the pid check needs it up). */
    private void start(String jar, Path home, int port) throws Exception {
        start(Path.of(System.getProperty("java.home"), "bin", "java"), jar, home, port);
    }

    private void start(Path java, String jar, Path home, int port) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-jar", jar, "serve", "--port", String.valueOf(port),
                "--upstream", webui.baseUrl())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("serve.log").toFile()));
        pb.environment().put(UserHome.ENV_HOME, home.toString());
        pb.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
        // Helidon's default configuration would read this as metrics.enabled=false; the proxy's is its own.
        pb.environment().put("METRICS_ENABLED", "false");
        serve = pb.start();
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Optional<String> key = localKey(UserHome.in(home).authFile());
            if (key.isPresent()) {
                try {
                    HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/messages"))
                            .header("x-api-key", key.get()).header("anthropic-version", "2023-06-01")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,"
                                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200) {
                        return;
                    }
                } catch (java.io.IOException notYet) {
                    // not listening yet
                }
            }
            assertTrue(serve.isAlive(), "serve exited:\n" + Files.readString(tmp.resolve("serve.log")));
            Thread.sleep(50);
        }
        throw new AssertionError("serve did not answer within 60 s:\n" + Files.readString(tmp.resolve("serve.log")));
    }

    private void stop() throws InterruptedException {
        if (serve != null) {
            serve.destroy();
            if (!serve.waitFor(20, TimeUnit.SECONDS)) {
                serve.destroyForcibly().waitFor();
            }
            serve = null;
        }
    }

    /** The training runs in the background after the first start; its cache appears whole, by rename. */
    private static Path waitForCache(Path cache) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(cache)) {
                try (Stream<Path> files = Files.list(cache)) {
                    List<Path> all = files.toList();
                    Optional<Path> failed = all.stream().filter(p -> p.toString().endsWith(".failed")).findFirst();
                    if (failed.isPresent()) {
                        throw new AssertionError("the training failed:\n" + Files.readString(failed.get()));
                    }
                    Optional<Path> done = all.stream().filter(p -> p.toString().endsWith(".aot")).findFirst();
                    if (done.isPresent() && all.stream().noneMatch(p -> p.toString().endsWith(".training"))) {
                        return done.get();
                    }
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no ahead-of-time cache within 180 s in " + cache);
    }

    /** The launcher handed the proxy's JVM glibc's settings (or the user's own, which stay). */
    private static void assertMallocSettings(long pid) throws Exception {
        List<String> environment = Arrays.asList(Files.readString(Path.of("/proc/" + pid + "/environ"),
                StandardCharsets.UTF_8).split("\0"));
        for (Map.Entry<String, String> setting : Map.of("MALLOC_ARENA_MAX", "2", "MALLOC_MMAP_THRESHOLD_", "32768").entrySet()) {
            String expected = setting.getKey() + "=" + System.getenv().getOrDefault(setting.getKey(), setting.getValue());
            assertTrue(environment.contains(expected), "serve's environment has " + expected + ", not "
                    + environment.stream().filter(e -> e.startsWith("MALLOC_")).toList()); // nothing else: it may hold secrets
        }
    }

    private static String commandLine(long pid) throws Exception {
        return Files.readString(Path.of("/proc/" + pid + "/cmdline"), StandardCharsets.UTF_8).replace('\0', ' ');
    }

    private static Optional<String> localKey(Path auth) {
        return Files.exists(auth) ? new Credentials(new AuthFile(auth), Map.of()).localKey() : Optional.empty();
    }
}
