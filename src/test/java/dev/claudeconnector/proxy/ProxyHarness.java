package dev.claudeconnector.proxy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.claudeconnector.auth.AuthFile;
import dev.claudeconnector.auth.Credentials;
import dev.claudeconnector.auth.SessionRenewer;
import dev.claudeconnector.auth.TokenFacts;
import dev.claudeconnector.auth.TokenRefresher;
import dev.claudeconnector.openwebui.Account;
import dev.claudeconnector.config.Overrides;
import dev.claudeconnector.config.Settings;
import dev.claudeconnector.config.SettingsLoader;
import io.helidon.webserver.WebServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * A running proxy in front of WireMock standing in for Open WebUI, plus the clients tests use:
 * the official Anthropic SDK and a raw HTTP client. Settings are loaded exactly as {@code serve}
 * loads them, with the upstream, port and auth file pointed at the test.
 */
final class ProxyHarness implements AutoCloseable {
    static final String LOCAL_KEY = "ck-test-local-key-0123456789";
    static final String TOKEN = "webui-session-token-for-tests";
    static final ObjectMapper JSON = new ObjectMapper();

    final WireMockServer webui;
    final WebServer proxy;
    final Settings settings;
    final Path authFile;
    /** The token renewal of {@link #startRenewing}; empty otherwise. */
    java.util.Optional<TokenRefresher> refresher = java.util.Optional.empty();
    /** The proxy's count of requests and streams in flight. */
    InFlight inFlight;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ProxyHarness(WireMockServer webui, WebServer proxy, Settings settings, Path authFile) {
        this.webui = webui;
        this.proxy = proxy;
        this.settings = settings;
        this.authFile = authFile;
    }

    /** Proxy and WireMock with the token and local key in the auth file. */
    static ProxyHarness start(Path dir) {
        return start(dir, "", true);
    }

    /**
     * @param extraYaml settings written to a --config file (e.g. a short ping interval)
     * @param withToken whether the auth file holds a session token
     */
    static ProxyHarness start(Path dir, String extraYaml, boolean withToken) {
        WireMockServer webui = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        webui.start();
        return start(dir, extraYaml, withToken, webui, "http://127.0.0.1:" + webui.port());
    }

    /**
     * Like {@link #start(Path, String, boolean)}, with {@code beforeProxy} stubbing WireMock before the
     * proxy starts: for what the proxy asks the upstream at start (its model list).
     */
    static ProxyHarness start(Path dir, String extraYaml, boolean withToken, Consumer<WireMockServer> beforeProxy) {
        WireMockServer webui = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        webui.start();
        beforeProxy.accept(webui);
        return start(dir, extraYaml, withToken, webui, "http://127.0.0.1:" + webui.port());
    }

    /**
     * A proxy whose upstream is {@code upstreamUrl} (WireMock still runs, unused). It asks that upstream
     * nothing at start (no model discovery): stand-ins there may serve a single connection.
     */
    static ProxyHarness startWithUpstream(Path dir, String upstreamUrl) {
        return startWithUpstream(dir, upstreamUrl, "");
    }

    static ProxyHarness startWithUpstream(Path dir, String upstreamUrl, String extraYaml) {
        WireMockServer webui = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        webui.start();
        return start(dir, extraYaml, true, webui, upstreamUrl, false);
    }

    private static ProxyHarness start(Path dir, String extraYaml, boolean withToken, WireMockServer webui, String upstreamUrl) {
        return start(dir, extraYaml, withToken, webui, upstreamUrl, true);
    }

    private static ProxyHarness start(Path dir, String extraYaml, boolean withToken, WireMockServer webui, String upstreamUrl,
                                      boolean discoverModels) {
        return start(dir, extraYaml, withToken, webui, upstreamUrl, discoverModels, c -> java.util.Optional.empty());
    }

    /**
     * A proxy that renews the token when Open WebUI rejects it, without a browser: each renewal saves
     * the next token {@code renewal} gives. {@link #refresher} counts the renewals.
     */
    static ProxyHarness startRenewing(Path dir, java.util.function.Supplier<String> renewal) {
        return startRenewing(dir, "", renewal, java.util.Optional.empty());
    }

    /** Like {@link #startRenewing(Path, java.util.function.Supplier)}, with settings and a sign-in window the renewal may open. */
    static ProxyHarness startRenewing(Path dir, String extraYaml, java.util.function.Supplier<String> renewal,
                                      java.util.Optional<dev.claudeconnector.auth.SignInWindow> window) {
        WireMockServer webui = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        webui.start();
        return start(dir, extraYaml, true, webui, "http://127.0.0.1:" + webui.port(), false,
                credentials -> java.util.Optional.of(new TokenRefresher(credentials, () -> {
                    String token = renewal.get();
                    try {
                        credentials.storeToken(token);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return new SessionRenewer.Result(token, new Account("Ada", "ada@example.org", "user", java.util.Optional.empty()),
                            TokenFacts.of(token));
                }, java.time.Clock.systemUTC(), Duration.ofMinutes(1), window)));
    }

    private static ProxyHarness start(Path dir, String extraYaml, boolean withToken, WireMockServer webui, String upstreamUrl,
                                      boolean discoverModels,
                                      java.util.function.Function<Credentials, java.util.Optional<TokenRefresher>> refresher) {
        try {
            Files.createDirectories(dir);
            Path authFile = dir.resolve(".auth.env");
            AuthFile auth = new AuthFile(authFile);
            auth.put(Credentials.LOCAL_KEY_VAR, LOCAL_KEY);
            if (withToken) {
                auth.put(Credentials.TOKEN_VAR, TOKEN);
            }
            Path config = dir.resolve("test.yaml");
            Files.writeString(config, extraYaml.isEmpty() ? "upstream:\n  tls:\n    insecure: false\n" : extraYaml);
            Settings settings = SettingsLoader.load(Overrides.of(config, "127.0.0.1", 0,
                    upstreamUrl, authFile, null), Map.of(), dir);
            Credentials credentials = new Credentials(auth, Map.of());
            java.util.Optional<TokenRefresher> renewer = refresher.apply(credentials);
            InFlight inFlight = new InFlight();
            WebServer proxy = ProxyServer.start(settings, credentials, renewer, "test", discoverModels,
                    java.util.Optional.of(inFlight));
            ProxyHarness h = new ProxyHarness(webui, proxy, settings, authFile);
            h.inFlight = inFlight;
            h.refresher = renewer;
            return h;
        } catch (IOException e) {
            webui.stop();
            throw new UncheckedIOException(e);
        }
    }

    /** A client tool definition taking any object, for requests whose answer calls {@code name}. */
    static com.anthropic.models.messages.Tool tool(String name) {
        return com.anthropic.models.messages.Tool.builder().name(name)
                .inputSchema(com.anthropic.models.messages.Tool.InputSchema.builder().build()).build();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + proxy.port();
    }

    AnthropicClient sdk() {
        return AnthropicOkHttpClient.builder().baseUrl(baseUrl()).apiKey(LOCAL_KEY).maxRetries(0).build();
    }

    /** POST with the local key as Bearer (as Claude Code sends it); returns status and body text. */
    HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", "Bearer " + LOCAL_KEY)
                .header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The chat-completion bodies Open WebUI received, oldest first. */
    List<JsonNode> upstreamBodies() {
        return upstreamRequests().stream().map(r -> {
            try {
                return JSON.readTree(r.getBodyAsString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    List<LoggedRequest> upstreamRequests() {
        return webui.findAll(postRequestedFor(urlEqualTo("/api/chat/completions")));
    }

    /** A classpath fixture as text. */
    static String resource(String name) {
        try (var in = ProxyHarness.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code body} of a recorded Claude Code request fixture. */
    static JsonNode fixtureBody(String name) {
        try {
            return JSON.readTree(resource("/fixtures/" + name)).get("body");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        proxy.stop();
        webui.stop();
    }
}
