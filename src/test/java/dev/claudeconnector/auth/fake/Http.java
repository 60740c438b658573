package dev.claudeconnector.auth.fake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Small shared plumbing for the two fake servers: server start-up, parsing and writing responses. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Http() {
    }

    /** A started server bound to 127.0.0.1 on an ephemeral port, plus the executor to stop with it. */
    record Server(HttpServer server, ExecutorService executor) implements AutoCloseable {
        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow(); // a slow completion must not hold up a test's teardown
        }
    }

    /**
     * Loopback only, so a test never exposes anything; one virtual thread per exchange so many concurrent
     * requests (and artificially slow ones) are served in parallel, as a real server would.
     */
    static Server start(HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 128);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            server.createContext("/", exchange -> {
                try {
                    handler.handle(exchange);
                } catch (Exception e) {
                    // A bug in a fake should be loud in the test output, not a hung connection.
                    e.printStackTrace();
                    try {
                        sendJson(exchange, 500, Map.of("detail", "fake server error: " + e));
                    } catch (Exception ignored) {
                        // headers were already sent; closing below ends the response
                    }
                } finally {
                    exchange.close();
                }
            });
            server.start();
            return new Server(server, executor);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start fake server", e);
        }
    }

    /** URL-safe random text with {@code bytes} bytes of entropy (session ids, codes, states). */
    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Decodes {@code a=1&b=2} (query strings and form bodies alike); the first value of a name wins. */
    static Map<String, String> params(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(name, value);
        }
        return out;
    }

    static Map<String, String> query(HttpExchange exchange) {
        return params(exchange.getRequestURI().getRawQuery());
    }

    /** Encodes name/value pairs as a query string, in the given order. */
    static String encode(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((name, value) -> {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return sb.toString();
    }

    /** The request's cookies by name (all Cookie headers; the first of a repeated name wins, as browsers send the most specific first). */
    static Map<String, String> cookies(HttpExchange exchange) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    out.putIfAbsent(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
                }
            }
        }
        return out;
    }

    static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static void sendJson(HttpExchange exchange, int status, Object value) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsString(value));
    }

    static void sendHtml(HttpExchange exchange, int status, String html) throws IOException {
        send(exchange, status, "text/html; charset=utf-8", html);
    }

    static void redirect(HttpExchange exchange, int status, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, -1);
    }

    /** Escapes text for an HTML element body or a double-quoted attribute. */
    static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }

    /** A JavaScript string literal (JSON-quoted, with {@code <} escaped so it cannot close the script element). */
    static String js(String text) {
        try {
            return JSON.writeValueAsString(text).replace("<", "\\u003c");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
