package dev.claudeconnector.proxy;

import dev.claudeconnector.openwebui.OpenWebUi;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.claudeconnector.auth.AuthFile;
import dev.claudeconnector.auth.Credentials;
import dev.claudeconnector.models.ModelCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code serve} against an Open WebUI that lists only Bedrock-style ids: the proxy finds them in the
 * background after start and Claude's requests reach the upstream with them, config untouched.
 */
class ModelDiscoveryTest {
    static final String SONNET_45_BEDROCK = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    static final String CATALOG = """
            upstream:
              tls:
                insecure: false
            models:
              default: claude-sonnet-4.5
              catalog:
                - name: claude-sonnet-4.5
                  upstream-id: claude-sonnet-4.5
                  max-tokens: 65536
                - name: claude-3.5-sonnet
                  max-tokens: 8192
            """;
    static final String BEDROCK_ONLY = "{\"data\":[{\"id\":\"" + SONNET_45_BEDROCK + "\",\"name\":\"Claude Sonnet 4.5\"},"
            + "{\"id\":\"us.meta.llama3-3-70b-instruct-v1:0\",\"name\":\"Llama 3.3 70B\"}]}";
    static final String REQUEST = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":50,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path dir;
    /** For the tests that drive a discovery of their own, apart from the one the harness's proxy runs. */
    Path ownAuthFile;

    /** Held strongly: java.util.logging keeps loggers only weakly. */
    private final Logger discoveryLog = Logger.getLogger(ModelDiscovery.class.getName());
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logLines.add(record.getLevel() + " " + new SimpleFormatter().formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        ownAuthFile = dir.resolve("own.env");
        discoveryLog.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        discoveryLog.removeHandler(capture);
    }

    /** Open WebUI listing only Bedrock ids for the test token, refusing any other token, and answering chats. */
    private static void upstream(WireMockServer webui, int listDelayMillis) {
        webui.stubFor(get(urlEqualTo("/api/models")).atPriority(10).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"detail\":\"401 Unauthorized\"}")));
        webui.stubFor(get(urlEqualTo("/api/models")).withHeader("Authorization", equalTo("Bearer " + ProxyHarness.TOKEN))
                .willReturn(aResponse().withStatus(200).withFixedDelay(listDelayMillis)
                        .withHeader("Content-Type", "application/json").withBody(BEDROCK_ONLY)));
        webui.stubFor(post(urlEqualTo("/api/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"ok\"}}]}")));
    }

    /** The upstream id the proxy currently uses for a catalog model, as its /v1/models shows it. */
    private static String displayName(ProxyHarness h, String model) throws Exception {
        JsonNode one = ProxyHarness.JSON.readTree(h.send(HttpRequest.newBuilder(URI.create(h.baseUrl() + "/v1/models/" + model))
                .header("x-api-key", ProxyHarness.LOCAL_KEY).GET().build()).body());
        return one.path("display_name").asText();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void claudeWorksAgainstAnUpstreamListingOnlyBedrockIds() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(dir, CATALOG, true, webui -> upstream(webui, 0))) {
            await("the catalog to adopt the Bedrock id", () -> {
                try {
                    return displayName(h, "claude-sonnet-4.5").contains(SONNET_45_BEDROCK);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            var res = h.post("/v1/messages", REQUEST);
            assertEquals(200, res.statusCode(), res.body());
            assertEquals(SONNET_45_BEDROCK, h.upstreamBodies().getLast().path("model").asText());
            assertEquals("claude-sonnet-4-5", ProxyHarness.JSON.readTree(res.body()).path("model").asText(),
                    "the answer carries the id the client asked for");

            assertTrue(logLines.contains("INFO model claude-sonnet-4.5: Open WebUI has no 'claude-sonnet-4.5'; using its '"
                    + SONNET_45_BEDROCK + "'"), logLines.toString());
            assertTrue(logLines.stream().anyMatch(l -> l.startsWith("WARNING model claude-3.5-sonnet: Open WebUI offers no"
                    + " 'claude-3.5-sonnet'")), logLines.toString());
            assertFalse(logLines.stream().anyMatch(l -> l.contains(ProxyHarness.TOKEN)));
        }
    }

    @Test
    void aSlowModelListDoesNotDelayStart() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(dir, CATALOG, true, webui -> upstream(webui, 4000))) {
            // Had start waited for the list, the Bedrock id would already be in use.
            assertEquals("claude-sonnet-4.5", displayName(h, "claude-sonnet-4.5"), "served as configured until the list arrives");
            await("the catalog to adopt the Bedrock id", () -> {
                try {
                    return displayName(h, "claude-sonnet-4.5").contains(SONNET_45_BEDROCK);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Test
    void aTokenThatArrivesAfterStartIsUsedForDiscovery() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(dir, CATALOG, false, webui -> upstream(webui, 0))) {
            Credentials credentials = new Credentials(new AuthFile(ownAuthFile), Map.of());
            ModelCatalog catalog = new ModelCatalog(h.settings.models(), h.settings.defaultModel());
            ModelDiscovery discovery = new ModelDiscovery(OpenWebUi.create(h.settings), credentials, catalog);
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            try {
                discovery.start(timer, Duration.ofMillis(50));
                Thread.sleep(200); // a few rechecks without a token: nothing is asked
                assertTrue(h.webui.findAll(getRequestedFor(urlEqualTo("/api/models"))).isEmpty());
                assertFalse(discovery.done());

                new AuthFile(ownAuthFile).put(Credentials.TOKEN_VAR, ProxyHarness.TOKEN); // `login` in another terminal
                await("discovery with the new token", discovery::done);
                assertEquals(SONNET_45_BEDROCK, catalog.resolve("claude-sonnet-4-5").model().upstreamId());
            } finally {
                timer.shutdownNow();
            }
        }
    }

    @Test
    void aRejectedTokenIsNotRetriedUntilItChanges() throws Exception {
        try (ProxyHarness h = ProxyHarness.start(dir, CATALOG, false, webui -> upstream(webui, 0))) {
            new AuthFile(ownAuthFile).put(Credentials.TOKEN_VAR, "expired-token");
            Credentials credentials = new Credentials(new AuthFile(ownAuthFile), Map.of());
            ModelCatalog catalog = new ModelCatalog(h.settings.models(), h.settings.defaultModel());
            ModelDiscovery discovery = new ModelDiscovery(OpenWebUi.create(h.settings), credentials, catalog);
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            try {
                discovery.start(timer, Duration.ofMillis(50));
                await("the first attempt", () -> logLines.stream().anyMatch(l -> l.contains("did not accept the session token")));
                Thread.sleep(300);
                assertEquals(1, h.webui.findAll(getRequestedFor(urlEqualTo("/api/models"))
                        .withHeader("Authorization", equalTo("Bearer expired-token"))).size());
                assertFalse(logLines.stream().anyMatch(l -> l.contains("expired-token")), logLines.toString());

                new AuthFile(ownAuthFile).put(Credentials.TOKEN_VAR, ProxyHarness.TOKEN);
                await("discovery with the renewed token", discovery::done);
            } finally {
                timer.shutdownNow();
            }
        }
    }
}
