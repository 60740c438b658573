package dev.claudeconnector.cli;

import dev.claudeconnector.config.Overrides;
import dev.claudeconnector.config.Settings;
import dev.claudeconnector.config.SettingsLoader;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options of the commands that drive the browser ({@code login}, {@code refresh}). */
final class BrowserOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Extra YAML settings, over config/agent.yaml.")
    Path config;

    @Option(names = "--upstream", paramLabel = "URL", description = "Open WebUI base URL (default: upstream.url, or WEBUI_URL).")
    String upstream;

    @Option(names = "--auth-file", paramLabel = "FILE", description = "Where the token is saved (default: .auth.env).")
    Path authFile;

    @Option(names = "--profile", paramLabel = "DIR", description = "Browser profile folder (default: profiles/default).")
    Path profile;

    @Option(names = "--browser", paramLabel = "PATH", description = "Chrome/Chromium/Edge executable (default: auto-detect).")
    String browser;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "SEVERE, WARNING, INFO (default) or FINE for debug.")
    String logLevel;

    Settings load() {
        Settings settings = SettingsLoader.load(new Overrides(config, null, null, upstream, authFile, logLevel, profile, browser));
        Logging.configure(settings.logLevel());
        return settings;
    }
}
