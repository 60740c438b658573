package dev.claudeconnector.cli;

import dev.claudeconnector.config.LegacyLayout;
import dev.claudeconnector.config.Overrides;
import dev.claudeconnector.config.Settings;
import dev.claudeconnector.config.SettingsLoader;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The options every command accepts (DESIGN.md's common options). Each also has a config key;
 * precedence is flag &gt; environment &gt; --config FILE &gt; the user's config.yaml &gt; built-in defaults.
 */
final class CommonOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Extra YAML settings, over your config.yaml (in the per-user config folder).")
    Path config;

    @Option(names = "--upstream", paramLabel = "URL", description = "Open WebUI base URL (default: upstream.url, or WEBUI_URL).")
    String upstream;

    @Option(names = "--port", paramLabel = "N", description = "Proxy port (default: server.port, 22660).")
    Integer port;

    @Option(names = "--auth-file", paramLabel = "FILE", description = "Auth file with WEBUI_SESSION_TOKEN and CONNECTOR_LOCAL_KEY (default: .auth.env in the per-user config folder).")
    Path authFile;

    @Option(names = "--profile", paramLabel = "DIR", description = "Browser profile folder (default: profiles/default in the per-user data folder).")
    Path profile;

    @Option(names = "--browser", paramLabel = "PATH", description = "Chrome/Chromium/Edge executable (default: auto-detect).")
    String browser;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "SEVERE, WARNING, INFO (default) or FINE for debug.")
    String logLevel;

    /**
     * Loads the settings and sets up logging at the chosen level. The first time, an auth file and
     * browser profile left in the repository by earlier versions move into the per-user home.
     */
    Settings load(String host) {
        Settings settings = SettingsLoader.load(overrides(host));
        Logging.configure(settings.logLevel());
        LegacyLayout.repositoryOfRunningJar().ifPresent(repository -> {
            try {
                for (String move : LegacyLayout.moveIntoHome(repository, settings)) {
                    System.err.println("note: " + move + " (claude-connector now keeps your files in one per-user home)");
                }
            } catch (IOException e) {
                System.err.println("note: could not move your files from " + repository + " into " + settings.home().config()
                        + ": " + e.getMessage());
            }
        });
        return settings;
    }

    /** These options as settings overrides; {@code host} is serve's own. */
    Overrides overrides(String host) {
        return new Overrides(config, host, port, upstream, authFile, logLevel, profile, browser);
    }

    Settings load() {
        return load(null);
    }
}
