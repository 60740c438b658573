package dev.claudeconnector.cli;

import dev.claudeconnector.config.Overrides;
import dev.claudeconnector.config.Settings;
import dev.claudeconnector.config.SettingsLoader;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options every command that talks to the proxy or the upstream accepts (DESIGN.md contract). */
final class CommonOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Extra YAML settings, over config/agent.yaml.")
    Path config;

    @Option(names = "--upstream", paramLabel = "URL", description = "Open WebUI base URL (default: upstream.url, or WEBUI_URL).")
    String upstream;

    @Option(names = "--port", paramLabel = "N", description = "Proxy port (default: server.port, 22660).")
    Integer port;

    @Option(names = "--auth-file", paramLabel = "FILE", description = "Auth file with WEBUI_SESSION_TOKEN and CONNECTOR_LOCAL_KEY (default: .auth.env).")
    Path authFile;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "SEVERE, WARNING, INFO (default) or FINE for debug.")
    String logLevel;

    Settings load(String host) {
        return SettingsLoader.load(Overrides.of(config, host, port, upstream, authFile, logLevel));
    }
}
