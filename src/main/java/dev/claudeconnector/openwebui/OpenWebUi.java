package dev.claudeconnector.openwebui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudeconnector.config.Settings;
import dev.claudeconnector.json.JsonBytes;
import dev.claudeconnector.json.JsonTrees;
import dev.claudeconnector.models.OfferedModel;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The one client for Open WebUI: the calls it offers us, over its own kept connections
 * ({@link KeptConnections}) with the upstream-only TLS of {@link OpenWebUiTls} and sockets tuned
 * for small exchanges ({@link UpstreamRoute}). Each call writes its head (and body) itself
 * ({@link RequestHead}) and HttpCore's codec reads the answer ({@link UpstreamConnection}): about
 * 0.04 ms of CPU less per call than Helidon's client, whose call chain this replaced (README, Benchmarks).
 * Every failure, network or HTTP, leaves as an {@link OpenWebUiException} read
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

    private final KeptConnections connections;
    private final ReadDeadlines reads;
    private final URI baseUrl;
    private final String authority;
    private final Duration shortCall;

    private OpenWebUi(Settings settings, Duration connectTimeout, Duration readTimeout, Duration shortCall) {
        this.baseUrl = settings.upstream();
        this.shortCall = shortCall;
        // TLS (~80 classes, JSSE's set-up) only for an https upstream, or to reject a bad ca-file early.
        Optional<OpenWebUiTls> tls = "https".equalsIgnoreCase(settings.upstream().getScheme()) || settings.tlsCaFile().isPresent()
                ? Optional.of(OpenWebUiTls.create(settings)) : Optional.empty();
        UpstreamRoute route = UpstreamRoute.of(settings.upstream(), tls, connectTimeout);
        this.authority = route.authority();
        this.connections = new KeptConnections(route);
        this.reads = new ReadDeadlines(readTimeout);
    }

    /**
     * The client with the configured timeouts.
     *
     * @throws IllegalArgumentException when {@code upstream.tls.ca-file} cannot be used
     */
    public static OpenWebUi create(Settings settings) {
        return new OpenWebUi(settings, settings.connectTimeout(), settings.readTimeout(),
                min(settings.readTimeout(), SHORT_CALL));
    }

    /** A client whose every wait is at most {@code limit}: for checks a person is waiting on. */
    public static OpenWebUi forProbes(Settings settings, Duration limit) {
        Duration read = min(settings.readTimeout(), limit);
        return new OpenWebUi(settings, min(settings.connectTimeout(), limit), read, read);
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
        long started = System.nanoTime();
        KeptConnections.Lease lease;
        try {
            lease = connections.take();
        } catch (IOException | RuntimeException e) {
            throw new OpenWebUiException(FailureReading.ofException(e));
        }
        // No timeout on the socket's reads (a kept connection may come from a short call that set
        // one): the call's deadline keeps it (ReadDeadlines).
        lease.connection().readTimeout(Duration.ZERO);
        ReadDeadlines.Deadline deadline = reads.start(lease);
        try {
            RequestHead head = new RequestHead("POST", COMPLETIONS, authority)
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .header("Accept", stream ? "text/event-stream" : "application/json");
            oauthSessionId.ifPresent(id -> head.header("Cookie", OAUTH_SESSION_COOKIE + "=" + id));
            JsonBytes json = chat.json();
            Exchange exchange = Exchange.start(lease, head, c -> head.write(c, json));
            return new ChatAnswer(succeeded(exchange, "POST " + COMPLETIONS + (stream ? " (stream)" : ""), started), deadline);
        } catch (OpenWebUiException e) {
            deadline.close();
            throw e;
        } catch (IOException | RuntimeException e) {
            deadline.close();
            lease.close();
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
        RequestHead head = new RequestHead("GET", path, authority).header("Accept", "application/json");
        token.ifPresent(t -> head.header("Authorization", "Bearer " + t));
        byte[] bytes;
        long started = System.nanoTime();
        try {
            KeptConnections.Lease lease = connections.take();
            lease.connection().readTimeout(shortCall);
            try (Exchange exchange = succeeded(Exchange.start(lease, head, head::write), "GET " + path, started)) {
                InputStream in = exchange.body();
                bytes = in.readNBytes(limit);
                exchange.readToEndOnClose();
            }
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

    /**
     * The answer itself when 2xx; otherwise its error body is read, it is closed, and the failure thrown.
     * {@code call} ("GET /api/config") is logged at debug level with the status: never a header or body.
     */
    private static Exchange succeeded(Exchange exchange, String call, long startedNanos) {
        int status = exchange.status();
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "Open WebUI: {0} -> {1} ({2} ms)", call, status,
                    (System.nanoTime() - startedNanos) / 1_000_000);
        }
        if (status >= 200 && status <= 299) {
            return exchange;
        }
        String body;
        Optional<String> retryAfter = exchange.header("Retry-After");
        try (exchange) {
            body = new String(exchange.body().readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            body = "";
        }
        throw new OpenWebUiException(FailureReading.ofStatus(status, body, retryAfter));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
