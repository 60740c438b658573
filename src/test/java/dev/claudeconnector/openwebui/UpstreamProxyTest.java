package dev.claudeconnector.openwebui;

import dev.claudeconnector.config.Overrides;
import dev.claudeconnector.config.SettingsLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The JDK's proxy settings for Open WebUI are read once, and a proxy they name still carries the calls. */
class UpstreamProxyTest {
    private static final ProxySelector JDK_DEFAULT = ProxySelector.getDefault();

    @TempDir
    Path dir;

    private final ConfigServer server = new ConfigServer();

    UpstreamProxyTest() throws IOException {
    }

    @AfterEach
    void restore() throws IOException {
        ProxySelector.setDefault(JDK_DEFAULT);
        server.close();
    }

    @Test
    void withNoProxyForOpenWebUiCallsOnAKeptConnectionAskTheJdkNothing() {
        Selector selector = new Selector(null);
        ProxySelector.setDefault(selector);
        OpenWebUi client = client("http://127.0.0.1:" + server.port());
        assertEquals("Open WebUI", client.config().name()); // the client made, its connection opened
        int asked = selector.asked.get();
        for (int i = 0; i < 3; i++) {
            assertEquals("Open WebUI", client.config().name());
        }
        assertEquals(asked, selector.asked.get(), "three more calls on the kept connection, no more questions");
        assertEquals(List.of("GET /api/config HTTP/1.1"), server.requestLines.stream().distinct().toList());
    }

    @Test
    void aProxyTheJdkNamesStillCarriesTheCalls() {
        ProxySelector.setDefault(new Selector(new InetSocketAddress("127.0.0.1", server.port())));
        // Nothing listens on localhost:9: only the proxy can answer.
        OpenWebUi client = client("http://localhost:9");
        assertEquals("Open WebUI", client.config().name());
        // Through an HTTP proxy the connection is a CONNECT tunnel, also to a plain-http server.
        assertEquals(List.of("CONNECT localhost:9 HTTP/1.1", "GET /api/config HTTP/1.1"), server.requestLines);
    }

    @Test
    void theProxyIsTheOneTheSelectorNamesForTheUpstream() {
        ProxySelector.setDefault(new Selector(null));
        assertEquals(Proxy.NO_PROXY, UpstreamRoute.proxyFor(URI.create("https://chat.example.org")));
        InetSocketAddress proxy = new InetSocketAddress("127.0.0.1", 3128);
        ProxySelector.setDefault(new Selector(proxy));
        assertEquals(new Proxy(Proxy.Type.HTTP, proxy), UpstreamRoute.proxyFor(URI.create("http://localhost:8080")));
        assertEquals(Proxy.NO_PROXY, UpstreamRoute.proxyFor(URI.create("https://chat.example.org")),
                "the proxy is only for localhost here");
    }

    private OpenWebUi client(String url) {
        return OpenWebUi.create(SettingsLoader.load(Overrides.of(null, null, null, url, dir.resolve("auth.env"), null),
                Map.of(), dir));
    }

    /** A proxy selector as a user's settings make one: an HTTP proxy for {@code localhost} if given, else direct; counts its questions. */
    private static final class Selector extends ProxySelector {
        final AtomicInteger asked = new AtomicInteger();
        private final InetSocketAddress proxy;

        Selector(InetSocketAddress proxy) {
            this.proxy = proxy;
        }

        @Override
        public List<Proxy> select(URI uri) {
            asked.incrementAndGet();
            return proxy != null && "localhost".equals(uri.getHost())
                    ? List.of(new Proxy(Proxy.Type.HTTP, proxy)) : List.of(Proxy.NO_PROXY);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        }
    }

    /**
     * Open WebUI's {@code GET /api/config} (main.py, {@code get_app_config}) on keep-alive
     * connections, and an HTTP proxy in front of it: {@code CONNECT} opens a tunnel to this same
     * server. Records each request line.
     */
    private static final class ConfigServer implements AutoCloseable {
        private static final byte[] CONFIG = "{\"name\":\"Open WebUI\",\"version\":\"0.6.30\"}".getBytes(StandardCharsets.UTF_8);
        final List<String> requestLines = new CopyOnWriteArrayList<>();
        private final ServerSocket socket = new ServerSocket(0);

        ConfigServer() throws IOException {
            StandInSockets.acceptEach(socket, this::serve);
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve(Socket s) {
            try (s) {
                for (String head; (head = StandInSockets.readHead(s.getInputStream())) != null; ) {
                    String line = head.lines().findFirst().orElse("");
                    requestLines.add(line);
                    if (line.startsWith("CONNECT ")) {
                        s.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        continue;
                    }
                    s.getOutputStream().write(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
                            + CONFIG.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().write(CONFIG);
                }
            } catch (IOException gone) {
                // the client went away
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
