package dev.claudeconnector.cli;

import dev.claudeconnector.auth.AuthFile;
import dev.claudeconnector.auth.Credentials;
import dev.claudeconnector.openwebui.OpenWebUi;
import dev.claudeconnector.auth.SessionRenewer;
import dev.claudeconnector.auth.SignInAdvice;
import dev.claudeconnector.auth.SignInWindow;
import dev.claudeconnector.auth.TokenRefresher;
import dev.claudeconnector.config.Settings;
import dev.claudeconnector.proxy.ProxyServer;
import io.helidon.webserver.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.BindException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: runs the proxy until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the proxy Claude Code talks to (Anthropic Messages API in, Open WebUI out).",
        footer = {"", "Examples:",
                "  ${sys:connector.command} serve",
                "  ${sys:connector.command} serve --port 22661 --upstream https://owui.example.org"})
final class ServeCommand implements Callable<Integer> {
    private static final System.Logger LOG = System.getLogger(ServeCommand.class.getName());

    @Mixin
    CommonOptions common;

    @Option(names = "--host", paramLabel = "H", description = "Interface to listen on (default: 127.0.0.1, loopback only).")
    String host;

    @Override
    public Integer call() throws Exception {
        Settings settings = common.load(host);
        Credentials credentials = new Credentials(new AuthFile(settings.authFile()), System.getenv());
        credentials.ensureLocalKey();
        WebServer server;
        try {
            SessionRenewer renewer = new SessionRenewer(settings, credentials, OpenWebUi.create(settings), Clock.systemUTC());
            SignInWindow window = SignInWindow.of(settings.auth(), System.getenv(), System.getProperty("os.name", ""),
                    Clock.systemUTC());
            TokenRefresher refresher = new TokenRefresher(credentials, () -> renewer.renewInServe(window),
                    Clock.systemUTC(), settings.auth().retryAfterFailure(), Optional.of(window));
            server = ProxyServer.start(settings, credentials, Optional.of(refresher), Version.current());
        } catch (RuntimeException e) {
            if (causedBy(e, BindException.class)) {
                throw new IllegalStateException("port " + settings.port() + " on " + settings.host()
                        + " is in use: stop the other process (is a proxy already running?) or pick another with --port");
            }
            throw e;
        }
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

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
