package dev.claudeconnector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.claudeconnector.auth.AuthFile;
import dev.claudeconnector.auth.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code models} against a WireMock Open WebUI that lists only Bedrock-style ids. */
class ModelsCommandTest {
    static final String TOKEN = "models-test-token";
    static final String CATALOG = """
            models:
              default: claude-sonnet-4.5
              catalog:
                - name: claude-sonnet-4.5
                  upstream-id: claude-sonnet-4.5
                  max-tokens: 65536
                - name: claude-sonnet-4
                  max-tokens: 65536
                - name: claude-3.5-sonnet
                  max-tokens: 8192
            """;
    static final String BEDROCK_ONLY = """
            {"data":[
              {"id":"us.anthropic.claude-sonnet-4-5-20250929-v1:0","name":"Claude Sonnet 4.5","object":"model","owned_by":"openai"},
              {"id":"us.anthropic.claude-sonnet-4-20250514-v1:0","name":"Claude Sonnet 4","object":"model","owned_by":"openai"},
              {"id":"us.anthropic.claude-3-5-haiku-20241022-v1:0","name":"Claude Haiku 3.5","object":"model","owned_by":"openai"},
              {"id":"us.meta.llama3-3-70b-instruct-v1:0","name":"Llama 3.3 70B","object":"model","owned_by":"openai"}
            ]}""";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    WireMockServer webui;
    Path authFile;
    Path config;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(System.getenv(Credentials.TOKEN_VAR) == null, "the environment's token would override the test's");
        webui = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        webui.start();
        authFile = dir.resolve(".auth.env");
        new AuthFile(authFile).put(Credentials.TOKEN_VAR, TOKEN);
        config = dir.resolve("agent.yaml");
        Files.writeString(config, CATALOG);
    }

    @AfterEach
    void tearDown() {
        if (webui != null) {
            webui.stop();
        }
    }

    @Test
    void theTableShowsBedrockIdsAsMatchesAndTheMissingModel() {
        offer(BEDROCK_ONLY);
        CliRun r = models();
        assertEquals(1, r.exit(), "claude-3.5-sonnet is missing: " + r.out() + r.err());
        assertTrue(r.out().contains("offers 4 models"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("claude-sonnet-4.5 (default)") && l.contains("65,536")
                && l.contains("✓ matched → us.anthropic.claude-sonnet-4-5-20250929-v1:0")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("claude-sonnet-4 ")
                && l.contains("✓ matched → us.anthropic.claude-sonnet-4-20250514-v1:0")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("claude-3.5-sonnet") && l.contains("✗ missing")), r.out());
        String others = r.out().substring(r.out().indexOf("Also offered by Open WebUI (not in the catalog):"));
        assertTrue(others.contains("us.anthropic.claude-3-5-haiku-20241022-v1:0  Claude Haiku 3.5"), r.out());
        assertTrue(others.contains("us.meta.llama3-3-70b-instruct-v1:0           Llama 3.3 70B"), r.out());
        assertFalse(others.contains("claude-sonnet-4-5"), "a matched model is not listed again: " + r.out());
        assertFalse(r.out().contains(TOKEN) || r.err().contains(TOKEN));
    }

    @Test
    void jsonHasAStableShape() throws Exception {
        offer(BEDROCK_ONLY);
        CliRun r = models("--json");
        assertEquals(1, r.exit(), r.err());
        JsonNode root = JSON.readTree(r.out());
        assertEquals(webui.baseUrl(), root.path("upstream").asText());
        JsonNode first = root.path("catalog").get(0);
        assertEquals("claude-sonnet-4.5", first.path("name").asText());
        assertEquals("claude-sonnet-4.5", first.path("upstream_id").asText());
        assertEquals(65536, first.path("max_tokens").asInt());
        assertTrue(first.path("default").asBoolean());
        assertEquals("matched", first.path("status").asText());
        assertEquals("us.anthropic.claude-sonnet-4-5-20250929-v1:0", first.path("matched_id").asText());
        JsonNode missing = root.path("catalog").get(2);
        assertEquals("missing", missing.path("status").asText());
        assertTrue(missing.has("matched_id") && missing.path("matched_id").isNull());
        assertFalse(missing.path("default").asBoolean());
        assertEquals(2, root.path("other_models").size());
        assertEquals("Llama 3.3 70B", root.path("other_models").get(1).path("name").asText());
        assertFalse(root.path("complete").asBoolean());
    }

    @Test
    void exitsZeroWhenEveryCatalogModelIsOfferedOrMatched() throws Exception {
        Files.writeString(config, """
                models:
                  default: claude-sonnet-4.5
                  catalog:
                    - name: claude-sonnet-4.5
                      max-tokens: 65536
                    - name: claude-sonnet-4
                      upstream-id: us.anthropic.claude-sonnet-4-20250514-v1:0
                      max-tokens: 32000
                """);
        // A bare array is a model list too.
        offer("[{\"id\":\"us.anthropic.claude-sonnet-4-5-20250929-v1:0\",\"name\":\"Claude Sonnet 4.5\"},"
                + "{\"id\":\"us.anthropic.claude-sonnet-4-20250514-v1:0\",\"name\":\"Claude Sonnet 4\"}]");
        CliRun r = models();
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("32,000") && l.contains("✓ offered")), r.out());
        assertTrue(r.out().contains("Open WebUI offers no other models."), r.out());
    }

    @Test
    void presetsAreMarkedAndOnlyUsedWhereTheCatalogNamesThem() throws Exception {
        Files.writeString(config, """
                models:
                  default: claude-sonnet-4.5
                  catalog:
                    - name: claude-sonnet-4.5
                      max-tokens: 65536
                    - name: claude-sonnet-4
                      upstream-id: sonnet-4-reviewer
                      max-tokens: 32000
                """);
        String sonnet45 = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
        String sonnet4 = "us.anthropic.claude-sonnet-4-20250514-v1:0";
        offer("""
                {"data":[
                  {"id":"claude-sonnet-4-5","name":"Claude Sonnet 4.5","preset":true,
                   "info":{"base_model_id":"%1$s","params":{"system":"You review code."}}},
                  {"id":"%1$s","name":"Claude Sonnet 4.5"},
                  {"id":"sonnet-4-reviewer","name":"Sonnet 4 Reviewer","info":{"base_model_id":"%2$s"}},
                  {"id":"team-helper","name":"Team Helper","preset":true,"info":{"base_model_id":null}}
                ]}""".formatted(sonnet45, sonnet4));
        CliRun r = models();
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("claude-sonnet-4.5 (default)")
                && l.contains("✓ matched → " + sonnet45)), "the base model, not the preset: " + r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("sonnet-4-reviewer")
                && l.endsWith("✓ offered (preset of " + sonnet4 + ")")), r.out());
        String others = r.out().substring(r.out().indexOf("Also offered by Open WebUI (not in the catalog):"));
        assertTrue(others.contains("claude-sonnet-4-5  Claude Sonnet 4.5 (preset of " + sonnet45 + ")"), r.out());
        assertTrue(others.contains("team-helper        Team Helper (preset)"), r.out());
        assertTrue(others.contains("serve never picks a preset by itself"), r.out());

        JsonNode root = JSON.readTree(models("--json").out());
        JsonNode matched = root.path("catalog").get(0);
        assertFalse(matched.path("preset").asBoolean(true));
        assertTrue(matched.has("base_model_id") && matched.path("base_model_id").isNull());
        JsonNode offered = root.path("catalog").get(1);
        assertEquals("offered", offered.path("status").asText());
        assertTrue(offered.path("preset").asBoolean());
        assertEquals(sonnet4, offered.path("base_model_id").asText());
        JsonNode lookalike = root.path("other_models").get(0);
        assertEquals("claude-sonnet-4-5", lookalike.path("id").asText());
        assertTrue(lookalike.path("preset").asBoolean());
        assertEquals(sonnet45, lookalike.path("base_model_id").asText());
        JsonNode helper = root.path("other_models").get(1);
        assertTrue(helper.path("preset").asBoolean());
        assertTrue(helper.has("base_model_id") && helper.path("base_model_id").isNull());
    }

    @Test
    void withoutATokenItSaysToLogIn() throws Exception {
        Files.delete(authFile);
        CliRun r = models();
        assertEquals(1, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("java -jar target/agent.jar login"), r.err());
        assertTrue(webui.getAllServeEvents().isEmpty(), "nothing is asked of Open WebUI without a token");
    }

    @Test
    void aRejectedTokenSaysToLogIn() {
        webui.stubFor(get(urlEqualTo("/api/models")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"detail\":\"401 Unauthorized\"}")));
        CliRun r = models();
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("did not accept the session token (HTTP 401)")
                && r.err().contains("java -jar target/agent.jar login"), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains(TOKEN), r.err());
    }

    @Test
    void anAnswerThatIsNoModelListIsReportedInOneLine() {
        webui.stubFor(get(urlEqualTo("/api/models")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html>login</html>")));
        CliRun r = models();
        assertEquals(1, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("not a model list"), r.err());
    }

    @Test
    void anUnreachableUpstreamIsReportedInOneLine() {
        String url = webui.baseUrl();
        webui.stop();
        webui = null;
        List<String> args = List.of("models", "--upstream", url, "--auth-file", authFile.toString(), "--config", config.toString());
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(1, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("Cannot reach Open WebUI at " + url), r.err());
    }


    private void offer(String body) {
        webui.stubFor(get(urlEqualTo("/api/models")).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body)));
    }

    private CliRun models(String... extra) {
        List<String> args = new ArrayList<>(List.of("models", "--upstream", webui.baseUrl(),
                "--auth-file", authFile.toString(), "--config", config.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }
}
