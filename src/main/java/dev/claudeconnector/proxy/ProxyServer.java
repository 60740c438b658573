package dev.claudeconnector.proxy;

import dev.claudeconnector.auth.Credentials;
import dev.claudeconnector.auth.TokenFacts;
import dev.claudeconnector.auth.TokenRefresher;
import dev.claudeconnector.config.Invocation;
import dev.claudeconnector.config.Settings;
import io.helidon.config.Config;
import io.helidon.health.HealthCheckResponse;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpLogConfig;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.service.registry.ServiceRegistryException;
import io.helidon.service.registry.Services;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The proxy server: routes, the local-key filter, error mapping and health. {@link #routing} is
 * static so tests can build the exact routing the real server uses.
 */
public final class ProxyServer {
    private static final System.Logger LOG = System.getLogger(ProxyServer.class.getName());
    private static final Duration PROACTIVE_CHECK = Duration.ofSeconds(15);
    /** Health detail: since when a visible sign-in window waits for the person (absent when none does). */
    public static final String SIGN_IN_WAITING = "sign-in-window-open-since";
    /** Set by whoever starts {@code serve} in the background: the log its output goes to (shown by {@code status}). */
    public static final String LOG_ENV = "CLAUDE_CONNECTOR_LOG";
    /** The logger of the proxy's line per request. */
    public static final String REQUEST_LOGGER = RequestLog.LOGGER;

    private static final Instant STARTED = Instant.now();

    private ProxyServer() {
    }

    /** Starts the proxy; the returned server is already listening and stops with the JVM. */
    public static WebServer start(Settings settings, Credentials credentials, Optional<TokenRefresher> refresher,
                                  String version) {
        return start(settings, credentials, refresher, version, true, Optional.empty());
    }

    /**
     * Starts the proxy for {@code serve}, which stops it itself: first waiting on {@code inFlight}
     * for the requests being answered. Check {@link WebServer#isRunning()}: a taken port leaves it stopped.
     */
    public static WebServer start(Settings settings, Credentials credentials, Optional<TokenRefresher> refresher,
                                  String version, InFlight inFlight) {
        return start(settings, credentials, refresher, version, true, Optional.of(inFlight));
    }

    /**
     * @param discoverModels match the catalog to the upstream's model list in the background; off only
     *                       for tests whose stand-in upstream serves nothing but the calls they make
     */
    static WebServer start(Settings settings, Credentials credentials, Optional<TokenRefresher> refresher,
                           String version, boolean discoverModels) {
        return start(settings, credentials, refresher, version, discoverModels, Optional.empty());
    }

    static WebServer start(Settings settings, Credentials credentials, Optional<TokenRefresher> refresher,
                           String version, boolean discoverModels, Optional<InFlight> stoppedByCaller) {
        ProxyContext ctx = ProxyContext.create(settings, credentials, refresher, stoppedByCaller.orElseGet(InFlight::new));
        refresher.ifPresent(r -> {
            ctx.timer().scheduleWithFixedDelay(() -> renewIfExpiring(ctx, r), 1, PROACTIVE_CHECK.toSeconds(), TimeUnit.SECONDS);
            ctx.metrics().renewals(r::renewals);
        });
        if (settings.tlsInsecure() && "https".equals(settings.upstream().getScheme())) {
            LOG.log(System.Logger.Level.WARNING, "TLS certificate verification is OFF for {0} (upstream.tls.insecure: true);"
                    + " prefer upstream.tls.ca-file with your organisation''s CA", settings.upstream());
        }
        WebServer server = WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                // Events follow each other within milliseconds: with Nagle's algorithm each would wait
                // for Claude Code's delayed ACK (~40 ms on Linux), i.e. the stream would be buffered.
                .connectionOptions(s -> s.tcpNoDelay(true))
                // HTTP/1.1 as Helidon's defaults have it, but without its packet log: a listener on every
                // read and write of every connection that logs nothing unless its logger is at DEBUG or
                // TRACE (0.6 % of a busy proxy's CPU, JFR), and would then log what the proxy never
                // logs (headers, bodies: keys and tokens).
                .addProtocol(Http1Config.builder()
                        .log(HttpLogConfig.builder().sendLog(false).receiveLog(false).build())
                        .build())
                .shutdownHook(stoppedByCaller.isEmpty())
                .featuresDiscoverServices(false)
                .addFeature(observe(settings, version, refresher))
                .routing(r -> routing(r, ctx))
                .build()
                .start();
        // After start: matching catalog ids to the upstream's list must never delay readiness.
        if (discoverModels) {
            new ModelDiscovery(ctx.upstream(), credentials, ctx.catalog())
                    .start(ctx.timer(), ModelDiscovery.RECHECK);
        }
        return server;
    }

    /**
     * Gives Helidon's service registry an empty configuration, before anything of Helidon asks it for
     * one: the proxy is configured by its {@link Settings} alone, so what Helidon's observers
     * read is neither the environment, nor system properties, nor an {@code application.yaml}
     * on the class path; and building that default configuration took 0.07 s of a start. Where Helidon's
     * registry has given out its configuration already (several proxies in one JVM, as in tests), it keeps it.
     */
    public static void configureHelidon() {
        try {
            Services.set(Config.class, Config.empty());
        } catch (ServiceRegistryException inUse) {
            LOG.log(System.Logger.Level.DEBUG, "Helidon keeps the configuration it has given out already");
        }
    }

    /**
     * From now on, client connections open at a full garbage collection are closed after their next
     * answer ({@link ConnectionRecycler}); once per JVM, off the path to the first answer.
     */
    public static void recycleConnectionsAfterFullCollections() {
        ConnectionRecycler.watch();
    }

    /**
     * Proactive renewal: when the token's own {@code exp} falls within {@code auth.refresh-ahead},
     * renew before anything fails. A token without {@code exp} never triggers this.
     */
    private static void renewIfExpiring(ProxyContext ctx, TokenRefresher refresher) {
        try {
            ctx.credentials().token().map(TokenFacts::of)
                    .filter(f -> f.expiresWithin(ctx.settings().auth().refreshAhead(), Instant.now()))
                    .ifPresent(f -> refresher.renewInBackground());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "proactive renewal check failed", e);
        }
    }

    static void routing(HttpRouting.Builder routing, ProxyContext ctx) {
        routing.addFilter((chain, req, res) -> {
                    if (ConnectionRecycler.JVM.closeAfterThisAnswer(req.socketId())) {
                        res.header(HeaderValues.CONNECTION_CLOSE);
                    }
                    ctx.inFlight().begin();
                    try {
                        chain.proceed();
                    } finally {
                        ctx.inFlight().end();
                    }
                })
                .addFilter(new LocalKeyFilter(ctx.credentials(), ctx.settings().authFile(), ctx.log()))
                .register(new MessagesService(ctx), new ModelsService(ctx))
                .get("/observe/metrics", (req, res) -> res.header(HeaderNames.CONTENT_TYPE, ProxyMetrics.CONTENT_TYPE)
                        .send(ctx.metrics().prometheus()))
                .any("/v1/*", (req, res) -> {
                    throw new ApiError(404, "not_found_error", "No such endpoint: " + req.prologue().method().text()
                            + " " + req.path().path() + ". This proxy serves POST /v1/messages,"
                            + " POST /v1/messages/count_tokens and GET /v1/models.");
                })
                .error(ApiError.class, (req, res, e) -> ErrorResponses.send(res, e))
                .error(Exception.class, (req, res, e) -> {
                    LOG.log(System.Logger.Level.ERROR, "unexpected failure on " + req.path().path(), e);
                    ErrorResponses.send(res, ApiError.api("Internal proxy error (" + e.getClass().getSimpleName()
                            + "). The proxy log has the details; please report it."));
                });
    }

    /** Health: version and upstream, and, while a person is asked to sign in, since when ({@code status} shows it). */
    private static ObserveFeature observe(Settings settings, String version, Optional<TokenRefresher> refresher) {
        return ObserveFeature.builder()
                .addObserver(HealthObserver.builder()
                        .details(true)
                        .useSystemServices(false)
                        .addCheck(() -> {
                            HealthCheckResponse.Builder health = HealthCheckResponse.builder()
                                    .status(true)
                                    .detail("version", version)
                                    .detail("upstream", settings.upstream().toString())
                                    .detail("build", Invocation.build())
                                    .detail("pid", String.valueOf(ProcessHandle.current().pid()))
                                    .detail("started", STARTED.toString());
                            Optional.ofNullable(System.getenv(LOG_ENV)).ifPresent(log -> health.detail("log", log));
                            refresher.flatMap(TokenRefresher::waitingSince)
                                    .ifPresent(since -> health.detail(SIGN_IN_WAITING, since.toString()));
                            return health.build();
                        }, HealthCheckType.READINESS, "proxy")
                        .build())
                .build();
    }
}
