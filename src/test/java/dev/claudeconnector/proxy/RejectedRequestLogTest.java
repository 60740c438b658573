package dev.claudeconnector.proxy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request refused for the local key used to leave no trace while Claude Code retried it again and
 * again: now each one is logged (method, path, which header came; never the key) and counted as a 401.
 */
class RejectedRequestLogTest {
    private RequestLines capture;
    @TempDir
    Path dir;
    private ProxyHarness h;

    @BeforeEach
    void start() {
        capture = new RequestLines();
        h = ProxyHarness.start(dir);
    }

    @AfterEach
    void stop() {
        h.close();
        capture.close();
    }

    @Test
    void eachRejectedRequestIsLoggedWithoutTheKeyAndCountedAs401() {
        double errorsBefore = metric("connector_errors_total", "status=\"401\"");
        double requestsBefore = metric("connector_requests_total", "model=\"-\"");

        assertEquals(401, send("POST", "/v1/messages", null, null).statusCode());
        assertEquals(401, send("POST", "/v1/messages/count_tokens", "x-api-key", "ck-wrong-key-x").statusCode());
        assertEquals(401, send("GET", "/v1/models", "Authorization", "Bearer ck-wrong-key-b").statusCode());
        assertEquals(401, send("GET", "/v1/models", "Authorization", "Basic dXNlcjpwYXNz").statusCode());
        assertEquals(200, h.send(HttpRequest.newBuilder(URI.create(h.baseUrl() + "/v1/models"))
                .header("x-api-key", ProxyHarness.LOCAL_KEY).GET().build()).statusCode());

        List<String> rejected = capture.lines().stream().filter(l -> l.contains(" rejected ")).toList();
        assertEquals(4, rejected.size(), capture.lines().toString());
        assertTrue(rejected.get(0).matches("WARNING POST /v1/messages rejected 401 authentication_error"
                + " \\(no x-api-key or Authorization header\\) \\d+ms"), rejected.get(0));
        assertTrue(rejected.get(1).startsWith("WARNING POST /v1/messages/count_tokens rejected 401 authentication_error"
                + " (x-api-key: not the local key)"), rejected.get(1));
        assertTrue(rejected.get(2).startsWith("WARNING GET /v1/models rejected 401 authentication_error"
                + " (Authorization: Bearer: not the local key)"), rejected.get(2));
        assertTrue(rejected.get(3).contains("(Authorization without Bearer: no key)"), rejected.get(3));
        for (String line : capture.lines()) {
            assertFalse(line.contains("ck-wrong-key") || line.contains("dXNlcjpwYXNz") || line.contains(ProxyHarness.LOCAL_KEY),
                    "never a key in the log: " + line);
        }
        assertEquals(4, metric("connector_errors_total", "status=\"401\"") - errorsBefore, 0.0001);
        assertEquals(4, metric("connector_requests_total", "model=\"-\"") - requestsBefore, 0.0001);
        assertTrue(h.upstreamRequests().isEmpty(), "nothing reached Open WebUI");
    }

    private HttpResponse<String> send(String method, String path, String header, String value) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.baseUrl() + path))
                .method(method, "POST".equals(method) ? HttpRequest.BodyPublishers.ofString(UpstreamErrorMappingTest.REQUEST)
                        : HttpRequest.BodyPublishers.noBody());
        if (header != null) {
            b.header(header, value);
        }
        return h.send(b.build());
    }

    /** The sum of one Prometheus metric's samples whose labels contain {@code label}. */
    private double metric(String name, String label) {
        String text = h.send(HttpRequest.newBuilder(URI.create(h.baseUrl() + "/observe/metrics"))
                .header("Accept", "text/plain").GET().build()).body();
        return text.lines().filter(l -> l.startsWith(name + "{") && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
