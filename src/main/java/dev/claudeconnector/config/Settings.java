package dev.claudeconnector.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting the program reads, already merged from flags, environment, {@code --config} and
 * the shipped {@code config/agent.yaml}. Immutable; built by {@link SettingsLoader}.
 *
 * @param auth         browser sign-in and token renewal
 * @param configSource which configuration files were used, for {@code status} and start-up logs
 * @param home         the per-user home (config, auth file, profiles, logs, pid files)
 */
public record Settings(
        String host,
        int port,
        Duration pingInterval,
        URI upstream,
        Duration connectTimeout,
        Duration readTimeout,
        Optional<Path> tlsCaFile,
        boolean tlsInsecure,
        Path authFile,
        AuthSettings auth,
        String logLevel,
        String defaultModel,
        List<ModelSpec> models,
        String configSource,
        UserHome home) {

    public Settings {
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("models.catalog is empty: configure at least one model");
        }
        if (models.stream().noneMatch(m -> m.name().equals(defaultModel))) {
            throw new IllegalArgumentException("models.default '" + defaultModel + "' is not in models.catalog");
        }
    }

    /** The URL Claude Code should use to reach this proxy. */
    public String localBaseUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        if ("0.0.0.0".equals(host) || "::".equals(host)) {
            h = "127.0.0.1";
        }
        return "http://" + h + ":" + port;
    }
}
