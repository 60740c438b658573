package dev.claudeconnector.cli;

import dev.claudeconnector.config.Overrides;
import dev.claudeconnector.config.Settings;
import dev.claudeconnector.config.SettingsLoader;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The options every command accepts (DESIGN.md's common options). Each also has a key in
 * config/agent.yaml; precedence is flag &gt; environment &gt; --config FILE &gt; config/agent.yaml.
 */
final class CommonOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Extra YAML settings, over config/agent.yaml.")
    Path config;

    @Option(names = "--upstream", paramLabel = "URL", description = "Open WebUI base URL (default: upstream.url, or WEBUI_URL).")
    String upstream;

    @Option(names = "--port", paramLabel = "N", description = "Proxy port (default: server.port, 22660).")
    Integer port;

    @Option(names = "--auth-file", paramLabel = "FILE", description = "Auth file with WEBUI_SESSION_TOKEN and CONNECTOR_LOCAL_KEY (default: .auth.env).")
    Path authFile;

    @Option(names = "--profile", paramLabel = "DIR", description = "Browser profile folder (default: profiles/default).")
    Path profile;

    @Option(names = "--browser", paramLabel = "PATH", description = "Chrome/Chromium/Edge executable (default: auto-detect).")
    String browser;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "SEVERE, WARNING, INFO (default) or FINE for debug.")
    String logLevel;

    /** Loads the settings and sets up logging at the chosen level. */
    Settings load(String host) {
        Settings settings = SettingsLoader.load(new Overrides(config, host, port, upstream, authFile, logLevel, profile, browser));
        Logging.configure(settings.logLevel());
        return settings;
    }

    Settings load() {
        return load(null);
    }
}
