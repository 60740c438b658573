package dev.claudeconnector.cli;

import dev.claudeconnector.auth.AuthFile;
import dev.claudeconnector.auth.Credentials;
import dev.claudeconnector.config.FileTree;
import dev.claudeconnector.config.Settings;
import dev.claudeconnector.config.SettingsLoader;
import dev.claudeconnector.config.UserHome;
import dev.claudeconnector.proxy.InFlight;
import dev.claudeconnector.proxy.ProxyServer;
import io.helidon.webserver.WebServer;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The training run behind the proxy's ahead-of-time cache (JDK 25+; see the launcher's ProxyJvm):
 * the real proxy, on a free loopback port, answers a few hundred calls shaped like Claude Code's
 * (whole and streamed, text and tool calls, token counts) from a stand-in Open WebUI
 * ({@link TrainingUpstream}), so the JVM records the classes and method profiles that serving
 * needs. Hidden: the launcher runs it in the background; nothing of the user's is read or written
 * but a temporary folder.
 */
@Command(name = "train", hidden = true, description = "Exercise the proxy once for its start-up cache (run by the launcher).")
final class TrainCommand implements Callable<Integer> {
    static final int WHOLE = 300;
    static final int STREAMED = 150;

    @Override
    public Integer call() throws Exception {
        ProxyServer.configureHelidon(); // as serve does, before anything of Helidon's
        // In the user's own cache folder, named by the pid: Files.createTempDirectory (and an auth file
        // written through AuthFile, or a generated local key) would draw on SecureRandom, whose ~80
        // classes would then go into the cache and be loaded at every start of the proxy.
        Path folder = UserHome.cache().resolve("training-" + ProcessHandle.current().pid());
        FileTree.delete(folder);
        Files.createDirectories(folder);
        WebServer upstream = TrainingUpstream.start();
        try {
            Path auth = folder.resolve("auth.env");
            // What serve does before it answers, as serve does it (its options read the same way).
            ServeCommand serve = ServeFastPath.parse(List.of("--host", "127.0.0.1", "--port", "0", "--upstream",
                    "http://127.0.0.1:" + upstream.port(), "--auth-file", auth.toString(), "--log-level", "WARNING",
                    "--profile", folder.resolve("profile").toString())).orElseThrow();
            // Not serve.common.load: that also sets up logging and moves a user's old files into their home.
            Settings settings = SettingsLoader.load(serve.common.overrides(serve.host));
            LocalProxy.portHolder(settings);
            InFlight inFlight = new InFlight();
            OldGenerationWatch.start(inFlight);
            String key = "ck-training";
            Credentials credentials = new Credentials(new AuthFile(auth),
                    Map.of(Credentials.TOKEN_VAR, "training-token", Credentials.LOCAL_KEY_VAR, key));
            WebServer proxy = ServeCommand.startProxy(settings, credentials, inFlight);
            new PidFile(ProcessHandle.current().pid(), proxy.port(), Version.current(), "training", java.time.Instant.now(),
                    Optional.empty()).write(folder.resolve("serve.pid"));
            try {
                drive(proxy.port(), key);
            } finally {
                proxy.stop();
            }
        } finally {
            upstream.stop();
            FileTree.delete(folder);
        }
        return 0;
    }

    private static void drive(int port, String key) throws IOException {
        call(port, "GET", "/observe/health", key, "");
        for (int i = 0; i < WHOLE; i++) {
            expect200(call(port, "POST", "/v1/messages", key, TrainingUpstream.request(i, false)));
        }
        for (int i = 0; i < STREAMED; i++) {
            String answer = call(port, "POST", "/v1/messages", key, TrainingUpstream.request(i, true));
            expect200(answer);
            if (!answer.contains("event: message_stop")) {
                throw new IllegalStateException("a training stream did not complete: " + answer);
            }
        }
        expect200(call(port, "POST", "/v1/messages/count_tokens", key, TrainingUpstream.request(0, false)));
        call(port, "POST", "/v1/messages", key, "{\"model\":");
    }

    private static void expect200(String answer) {
        if (!answer.startsWith("HTTP/1.1 200")) {
            throw new IllegalStateException("a training call failed: " + answer.lines().findFirst().orElse(""));
        }
    }

    /** One HTTP/1.1 exchange on its own connection, read to its end (the JDK's HTTP client would add its own classes to the cache). */
    private static String call(int port, String method, String path, String key, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nx-api-key: " + key
                    + "\r\nanthropic-version: 2023-06-01\r\nContent-Type: application/json\r\nContent-Length: "
                    + content.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            socket.shutdownOutput(); // the server closes once it has answered
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
