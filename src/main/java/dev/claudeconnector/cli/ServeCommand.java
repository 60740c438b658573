package dev.claudeconnector.cli;

import dev.claudeconnector.auth.AuthFile;
import dev.claudeconnector.auth.Credentials;
import dev.claudeconnector.openwebui.OpenWebUi;
import dev.claudeconnector.auth.SessionRenewer;
import dev.claudeconnector.auth.SignInAdvice;
import dev.claudeconnector.auth.SignInWindow;
import dev.claudeconnector.auth.TokenRefresher;
import dev.claudeconnector.config.Settings;
import java.time.Instant;
import java.time.Duration;
import java.nio.file.Path;
import dev.claudeconnector.proxy.InFlight;
import dev.claudeconnector.config.Invocation;
import dev.claudeconnector.proxy.ProxyServer;
import io.helidon.webserver.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: runs the proxy until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Run the proxy Claude Code talks to (Anthropic Messages API in, Open WebUI out).",
        footer = {"", "Examples:",
                "  ${sys:connector.command} serve",
                "  ${sys:connector.command} serve --port 22661 --upstream https://owui.example.org"})
final class ServeCommand implements Callable<Integer> {
    private static final System.Logger LOG = System.getLogger(ServeCommand.class.getName());
    /** The longest a stop waits for running answers (a long Claude answer streams for minutes). */
    static final Duration DRAIN = Duration.ofMinutes(10);

    @Mixin
    CommonOptions common;

    @Option(names = "--host", paramLabel = "H", description = "Interface to listen on (default: 127.0.0.1, loopback only).")
    String host;

    @Override
    public Integer call() throws Exception {
        Settings settings = common.load(host);
        ProxyServer.configureHelidon(); // before anything of Helidon's asks for its configuration
        // Meanwhile on the other core (logging set up by now): the old-generation watch and the
        // connection recycler, so neither delays the first answer.
        InFlight inFlight = new InFlight();
        Thread.ofPlatform().daemon().name("serve-warm-up").start(() -> {
            OldGenerationWatch.start(inFlight);
            ProxyServer.recycleConnectionsAfterFullCollections();
        });
        Optional<String> holder = LocalProxy.portHolder(settings);
        if (holder.isPresent()) {
            throw new IllegalStateException(portTaken(settings, holder.get()));
        }
        Credentials credentials = new Credentials(new AuthFile(settings.authFile()), System.getenv());
        credentials.ensureLocalKey();
        WebServer server = startProxy(settings, credentials, inFlight);
        if (!server.isRunning()) { // taken between the check and the start
            throw new IllegalStateException(portTaken(settings, LocalProxy.portHolder(settings).orElse("another program")));
        }
        long pid = ProcessHandle.current().pid();
        Path pidFile = settings.home().pidFile(server.port());
        new PidFile(pid, server.port(), Version.current(), Invocation.build(), Instant.now(),
                Optional.ofNullable(System.getenv(ProxyServer.LOG_ENV)).map(Path::of)).write(pidFile);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, inFlight, pidFile, pid), "serve-stop"));
        LOG.log(System.Logger.Level.INFO, "claude-connector {0} serving on http://{1}:{2} -> {3} (config: {4})",
                Version.current(), settings.host(), String.valueOf(server.port()), settings.upstream(), settings.configSource());
        if (!isLoopback(settings.host())) {
            LOG.log(System.Logger.Level.WARNING, "listening on {0}, not loopback: other machines can reach this proxy"
                    + " (each call still needs the local key)", settings.host());
        }
        if (credentials.token().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "no Open WebUI token yet: requests will fail. {0}",
                    SignInAdvice.signIn(settings.authFile()));
        }
        new CountDownLatch(1).await(); // the shutdown hook stops the server on Ctrl-C
        return 0;
    }

    /**
     * The proxy as {@code serve} runs it: token renewal through the browser profile, with a sign-in
     * window where a person is needed. The training run ({@code train}) starts it the same way.
     */
    static WebServer startProxy(Settings settings, Credentials credentials, InFlight inFlight) {
        SessionRenewer renewer = new SessionRenewer(settings, credentials, OpenWebUi.create(settings), Clock.systemUTC());
        SignInWindow window = SignInWindow.of(settings.auth(), System.getenv(), System.getProperty("os.name", ""),
                Clock.systemUTC());
        TokenRefresher refresher = new TokenRefresher(credentials, () -> renewer.renewInServe(window),
                Clock.systemUTC(), settings.auth().retryAfterFailure(), Optional.of(window));
        return ProxyServer.start(settings, credentials, Optional.of(refresher), Version.current(), inFlight);
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    static String portTaken(Settings settings, String holder) {
        return "port " + settings.port() + " on " + settings.host() + " is in use by " + holder + ": stop it with '"
                + Invocation.of("stop") + "' if it is a proxy, or pick another port with --port";
    }

    /** On Ctrl-C or SIGTERM ({@code stop}): let running answers finish, then stop listening and remove the pid file. */
    private static void stop(WebServer server, InFlight inFlight, Path pidFile, long pid) {
        try {
            if (inFlight.active() > 0) {
                LOG.log(System.Logger.Level.INFO, "stopping after {0} running request(s) finish (at most {1} s)",
                        inFlight.active(), DRAIN.toSeconds());
                inFlight.awaitIdle(DRAIN);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            PidFile.removeIfOurs(pidFile, pid); // first: once the port is free, no pid file names this process
            server.stop();
        }
    }
}
