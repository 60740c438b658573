package dev.claudeconnector.openwebui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudeconnector.config.Settings;
import dev.claudeconnector.json.JsonBytes;
import dev.claudeconnector.json.JsonTrees;
import dev.claudeconnector.models.OfferedModel;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.ClientConnection;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.api.WebClientConfig;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one client for Open WebUI: the calls it offers us, over its own kept connections
 * ({@link KeptConnections}) with the upstream-only TLS of {@link OpenWebUiTls} and sockets tuned
 * for small exchanges. Every failure, network or HTTP, leaves as an {@link OpenWebUiException} read
 * by {@link FailureReading}; a method that returns has a good answer. Thread-safe.
 */
public final class OpenWebUi {
    static final String COMPLETIONS = "/api/chat/completions";
    static final String MODELS = "/api/models";
    static final String ACCOUNT = "/api/v1/auths/";
    static final String CONFIG = "/api/config";
    /** The cookie Open WebUI (0.6.27+) needs to hand the user's IdP token to a system_oauth connection. */
    public static final String OAUTH_SESSION_COOKIE = "oauth_session_id";
    /** Listing models and asking who is signed in are quick; the long read timeout is for model answers. */
    private static final System.Logger LOG = System.getLogger(OpenWebUi.class.getName());
    private static final Duration SHORT_CALL = Duration.ofSeconds(30);
    private static final int ERROR_BODY_LIMIT = 64 * 1024;
    private static final int LIST_LIMIT = 16 * 1024 * 1024;

    /**
     * HTTP/1.1 asked for by name: a request from the generic client looks up, per call, which HTTP
     * version serves the endpoint and then copies itself into a request of that version (2.3 % of the
     * proxy's CPU under load, by profile). Open WebUI is reached over HTTP/1.1 in any case.
     */
    private final Http1Client client;
    private final KeptConnections connections;
    private final ReadDeadlines reads;
    private final URI baseUrl;
    private final Duration shortCall;

    private OpenWebUi(Settings settings, Duration connectTimeout, Duration readTimeout, Duration shortCall,
                      CollectionCounts collections) {
        this.baseUrl = settings.upstream();
        this.shortCall = shortCall;
        WebClientConfig.Builder builder = WebClient.builder()
                .baseUri(settings.upstream())
                // A call can leave in more than one write (a body larger than the write buffer): with
                // Nagle's algorithm on, a later write waits for the server's delayed ACK (~40 ms per
                // call on Linux). No Expect: 100-continue round trip either; Open WebUI reads the body anyway.
                .socketOptions(s -> s.tcpNoDelay(true).connectTimeout(connectTimeout).readTimeout(readTimeout))
                .sendExpectContinue(false)
                // No write buffer: a chat call's head and body leave in one write from the body's
                // own array (SingleWriteConnection), other calls' in two. A buffer copies every write
                // through a temporary array the size of its whole free space (Helidon's
                // FixedBufferData.write): two 32 KB arrays per call with a 32 KB buffer, a third of
                // what a request allocated (README, Benchmarks).
                .writeBufferSize(0)
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .followRedirects(false);
        // TLS (~80 classes, JSSE's set-up) only for an https upstream, or to reject a bad ca-file early.
        // Unset, Helidon would set up a default TLS context for every client, https or not.
        if ("https".equalsIgnoreCase(settings.upstream().getScheme()) || settings.tlsCaFile().isPresent()) {
            builder.tls(OpenWebUiTls.create(settings));
        } else {
            builder.tls(OpenWebUiTls.NONE);
        }
        // The JDK's proxy settings (https.proxyHost, java.net.useSystemProxies, ...) read once: with none
        // for Open WebUI, Helidon skips its look at them on every call (a ProxySelector query and a new
        // InetSocketAddress each time: ~1 % of the proxy's CPU under load, by profile).
        if (direct(settings.upstream())) {
            builder.proxy(Proxy.noProxy());
        }
        WebClient web = builder.build();
        this.client = web.client(Http1Client.PROTOCOL);
        this.connections = new KeptConnections(web, settings.upstream(), collections);
        this.reads = new ReadDeadlines(readTimeout);
    }

    /** Whether the JDK's proxy selector sends calls to {@code upstream} straight there, through no proxy. */
    static boolean direct(URI upstream) {
        ProxySelector selector = ProxySelector.getDefault();
        return selector == null
                || selector.select(upstream).stream().allMatch(p -> p.type() == java.net.Proxy.Type.DIRECT);
    }

    /**
     * The client with the configured timeouts.
     *
     * @throws IllegalArgumentException when {@code upstream.tls.ca-file} cannot be used
     */
    public static OpenWebUi create(Settings settings) {
        return create(settings, CollectionCounts.NONE);
    }

    /**
     * The client with the configured timeouts, for a long-running proxy: its kept connections are
     * retired by the JVM's {@code collections} ({@link CollectionCounts}).
     *
     * @throws IllegalArgumentException when {@code upstream.tls.ca-file} cannot be used
     */
    public static OpenWebUi create(Settings settings, CollectionCounts collections) {
        return new OpenWebUi(settings, settings.connectTimeout(), settings.readTimeout(),
                min(settings.readTimeout(), SHORT_CALL), collections);
    }

    /** A client whose every wait is at most {@code limit}: for checks a person is waiting on. */
    public static OpenWebUi forProbes(Settings settings, Duration limit) {
        Duration read = min(settings.readTimeout(), limit);
        return new OpenWebUi(settings, min(settings.connectTimeout(), limit), read, read, CollectionCounts.NONE);
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * {@code POST /api/chat/completions} with a body made by {@link ChatRequest#of}. The caller owns
     * (and must close) the answer.
     *
     * @param oauthSessionId sent as the {@value #OAUTH_SESSION_COOKIE} cookie when present
     */
    public ChatAnswer chat(ChatRequest chat, String token, Optional<String> oauthSessionId) {
        boolean stream = chat.stream();
        Http1ClientRequest request = client.post().path(COMPLETIONS)
                .header(HeaderNames.AUTHORIZATION, "Bearer " + token)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .header(HeaderNames.ACCEPT, stream ? "text/event-stream" : "application/json");
        oauthSessionId.ifPresent(id -> request.header(HeaderNames.COOKIE, OAUTH_SESSION_COOKIE + "=" + id));
        HttpClientResponse response;
        long started = System.nanoTime();
        ClientConnection connection;
        try {
            connection = connections.take();
        } catch (RuntimeException e) {
            throw new OpenWebUiException(FailureReading.ofException(e));
        }
        // No timeout on the socket's reads: the call's deadline keeps it (ReadDeadlines).
        ReadDeadlines.Deadline deadline = reads.start(connection);
        try {
            // Sent from the body's own array with its length, not as an entity: Helidon would copy an
            // entity into a buffer of its own first (an eighth of what a request allocated, by profile).
            // The head goes into the room before the body, and both leave in one write.
            JsonBytes json = chat.json();
            response = send(request.readTimeout(Duration.ZERO), new SingleWriteConnection(connection, json),
                    r -> r.header(HeaderValues.create(HeaderNames.CONTENT_LENGTH, json.length())).outputStream(out -> {
                        json.writeTo(out);
                        out.close();
                    }));
            return new ChatAnswer(succeeded(response, "POST " + COMPLETIONS + (stream ? " (stream)" : ""), started), deadline);
        } catch (OpenWebUiException e) {
            deadline.close();
            throw e;
        } catch (RuntimeException e) {
            deadline.close();
            throw new OpenWebUiException(FailureReading.ofException(deadline.seen(e)));
        }
    }

    /** {@code GET /api/models}: the models the token's user may use, in Open WebUI's order. */
    public List<OfferedModel> models(String token) {
        JsonNode root = getJson(MODELS, Optional.of(token), LIST_LIMIT);
        JsonNode list = root.isArray() ? root : root.get("data");
        if (list == null || !list.isArray()) {
            throw new OpenWebUiException(new OpenWebUiFailure.NotOpenWebUi(200, "JSON without a \"data\" list"));
        }
        List<OfferedModel> models = new ArrayList<>();
        for (JsonNode entry : list) {
            String id = entry.path("id").asText("");
            if (!id.isBlank()) {
                // Workspace models (presets) say "preset": true and name the model they wrap (utils/models.py).
                JsonNode base = entry.path("info").path("base_model_id");
                models.add(new OfferedModel(id, entry.path("name").asText(""), entry.path("preset").asBoolean(false),
                        Optional.ofNullable(base.isTextual() ? base.textValue() : null)));
            }
        }
        return models;
    }

    /** {@code GET /api/v1/auths/}, the way Open WebUI's own page asks who is signed in. */
    public Account account(String token) {
        JsonNode body = getJson(ACCOUNT, Optional.of(token), ERROR_BODY_LIMIT);
        JsonNode exp = body.path("expires_at");
        return new Account(body.path("name").asText(""), body.path("email").asText(""), body.path("role").asText(""),
                exp.isNumber() ? Optional.of(exp.asLong()) : Optional.empty());
    }

    /** {@code GET /api/config}: public and cheap on every Open WebUI; says what it is and how to sign in. */
    public ServerInfo config() {
        JsonNode config = getJson(CONFIG, Optional.empty(), ERROR_BODY_LIMIT);
        List<String> providers = new ArrayList<>();
        Iterator<String> names = config.path("oauth").path("providers").fieldNames();
        names.forEachRemaining(providers::add);
        return new ServerInfo(config.path("name").asText(""), config.path("version").asText(""), providers);
    }

    private JsonNode getJson(String path, Optional<String> token, int limit) {
        Http1ClientRequest request = client.get().path(path).readTimeout(shortCall)
                .header(HeaderNames.ACCEPT, "application/json");
        token.ifPresent(t -> request.header(HeaderNames.AUTHORIZATION, "Bearer " + t));
        byte[] bytes;
        long started = System.nanoTime();
        try (HttpClientResponse response = succeeded(send(request, Http1ClientRequest::request), "GET " + path, started);
             InputStream in = response.inputStream()) {
            bytes = in.readNBytes(limit);
        } catch (IOException | RuntimeException e) {
            throw e instanceof OpenWebUiException known ? known : new OpenWebUiException(FailureReading.ofException(e));
        }
        try {
            JsonNode node = JsonTrees.read(bytes);
            if (node != null && (node.isObject() || node.isArray())) {
                return node;
            }
        } catch (IOException notJson) {
            // below
        }
        throw new OpenWebUiException(new OpenWebUiFailure.NotOpenWebUi(200, bytes.length == 0 ? "an empty answer"
                : "not JSON: " + FailureReading.detail(new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8))));
    }

    /** Sends {@code request} on a kept connection ({@link KeptConnections}); one that failed is closed, not kept. */
    private HttpClientResponse send(Http1ClientRequest request, Function<Http1ClientRequest, HttpClientResponse> how) {
        return send(request, connections.take(), how);
    }

    private static HttpClientResponse send(Http1ClientRequest request, ClientConnection connection,
                                           Function<Http1ClientRequest, HttpClientResponse> how) {
        try {
            return how.apply(request.connection(connection));
        } catch (RuntimeException e) {
            connection.closeResource();
            throw e;
        }
    }

    /**
     * The response itself when 2xx; otherwise its error body is read, it is closed, and the failure thrown.
     * {@code call} ("GET /api/config") is logged at debug level with the status: never a header or body.
     */
    private static HttpClientResponse succeeded(HttpClientResponse response, String call, long startedNanos) {
        int status = response.status().code();
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "Open WebUI: {0} -> {1} ({2} ms)", call, status,
                    (System.nanoTime() - startedNanos) / 1_000_000);
        }
        if (status >= 200 && status <= 299) {
            return response;
        }
        String body;
        Optional<String> retryAfter = response.headers().first(HeaderNames.RETRY_AFTER);
        try (response; InputStream in = response.inputStream()) {
            body = new String(in.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            body = "";
        }
        throw new OpenWebUiException(FailureReading.ofStatus(status, body, retryAfter));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
