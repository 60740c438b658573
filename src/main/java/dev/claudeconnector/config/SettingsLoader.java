package dev.claudeconnector.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.spi.ConfigSource;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@link Settings}. Precedence: flag &gt; environment &gt; {@code --config FILE} &gt; the user's
 * own config file in the per-user home ({@link UserHome#configFile()}) &gt; the shipped
 * {@code config/agent.yaml} inside the jar. Nothing depends on the folder a command runs in: the
 * auth file and browser profile default to the per-user home; in config files a relative
 * {@code auth.file} or {@code upstream.tls.ca-file} is taken from the home's config folder and a
 * relative {@code auth.profile} from its data folder (relative flag values from the current folder, as typed).
 */
public final class SettingsLoader {
    private SettingsLoader() {
    }

    public static Settings load(Overrides flags) {
        return load(flags, System.getenv(), UserHome.current());
    }

    /** With the whole per-user home in one folder, as {@value UserHome#ENV_HOME} gives it. */
    public static Settings load(Overrides flags, Map<String, String> env, Path homeDir) {
        return load(flags, env, UserHome.in(homeDir));
    }

    /** Testable form: the environment and the per-user home are passed in. */
    public static Settings load(Overrides flags, Map<String, String> env, UserHome home) {
        List<ConfigSource> sources = new ArrayList<>();
        List<String> used = new ArrayList<>();
        if (flags.configFile() != null) {
            Path file = flags.configFile();
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--config " + file + ": no such file");
            }
            sources.add(ConfigSources.file(file).build());
            used.add(file.toString());
        }
        Path own = home.configFile();
        if (Files.isRegularFile(own)) {
            sources.add(ConfigSources.file(own).build());
            used.add(own.toString());
        }
        sources.add(ShippedDefaults.source());
        used.add("built-in defaults");
        Config.Builder builder = Config.builder();
        sources.forEach(source -> builder.addSource(source));
        if (sources.size() == 1) {
            builder.disableParserServices(); // the defaults are parsed already: no YAML parser loaded
        }
        Config config = builder
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .build();
        return fromConfig(config, flags, env, String.join(" > ", used), home);
    }

    private static Settings fromConfig(Config c, Overrides flags, Map<String, String> env, String source, UserHome home) {
        String host = firstOf(flags.host(), env.get("CONNECTOR_HOST"), c.get("server.host").asString().orElse("127.0.0.1"));
        int port = flags.port() != null ? flags.port()
                : env.containsKey("CONNECTOR_PORT") ? parsePort(env.get("CONNECTOR_PORT"), "CONNECTOR_PORT")
                : c.get("server.port").asInt().orElse(22660);
        String upstream = firstOf(flags.upstream(), env.get("WEBUI_URL"), c.get("upstream.url").asString().orElse(null));
        String authFile = firstOf(flags.authFile() == null ? null : flags.authFile().toString(),
                env.get("CONNECTOR_AUTH_FILE"));
        Path auth = authFile != null ? Path.of(authFile)
                : c.get("auth.file").asString().map(f -> home.config().resolve(f)).orElse(home.authFile());
        String logLevel = firstOf(flags.logLevel(), env.get("CONNECTOR_LOG_LEVEL"), c.get("log.level").asString().orElse("INFO"));
        String caFile = c.get("upstream.tls.ca-file").asString().orElse("");

        List<ModelSpec> models = new ArrayList<>();
        for (Config m : c.get("models.catalog").asNodeList().orElse(List.of())) {
            String name = m.get("name").asString().orElse(null);
            models.add(new ModelSpec(name,
                    m.get("upstream-id").asString().orElse(name),
                    m.get("max-tokens").asInt().orElse(8192),
                    m.get("extended-options").asBoolean().orElse(false)));
        }
        return new Settings(
                host,
                port,
                duration(c, "server.ping-interval", "PT15S"),
                parseUpstream(upstream),
                duration(c, "upstream.connect-timeout", "PT10S"),
                duration(c, "upstream.read-timeout", "PT10M"),
                caFile.isBlank() ? Optional.empty() : Optional.of(home.config().resolve(caFile)),
                c.get("upstream.tls.insecure").asBoolean().orElse(false),
                auth,
                auth(c, flags, env, home),
                logLevel.toUpperCase(java.util.Locale.ROOT),
                c.get("models.default").asString().orElse(models.isEmpty() ? "" : models.getFirst().name()),
                models,
                source,
                home);
    }

    private static AuthSettings auth(Config c, Overrides flags, Map<String, String> env, UserHome home) {
        String given = firstOf(flags.profile() == null ? null : flags.profile().toString(), env.get("CONNECTOR_PROFILE"));
        Path profile = given != null ? Path.of(given)
                : c.get("auth.profile").asString().map(p -> home.data().resolve(p)).orElse(home.profiles().resolve("default"));
        return new AuthSettings(
                profile,
                Optional.ofNullable(firstOf(flags.browser(), env.get("CONNECTOR_BROWSER"),
                        c.get("auth.browser.executable").asString().orElse(null))),
                Optional.ofNullable(firstOf(c.get("auth.browser.channel").asString().orElse(null))),
                Optional.ofNullable(firstOf(c.get("auth.provider").asString().orElse(null))),
                duration(c, "auth.refresh-ahead", "PT10M"),
                duration(c, "auth.login-timeout", "PT5M"),
                duration(c, "auth.refresh-timeout", "PT30S"),
                duration(c, "auth.retry-after-failure", "PT1M"),
                c.get("auth.interactive").asBoolean().orElse(true),
                duration(c, "auth.interactive-timeout", "PT5M"));
    }

    private static String firstOf(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    private static int parsePort(String value, String name) {
        try {
            int p = Integer.parseInt(value.trim());
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number (0-65535), not '" + value + "'");
        }
    }

    private static URI parseUpstream(String url) {
        if (url == null) {
            throw new IllegalArgumentException("no upstream URL: set upstream.url in config/agent.yaml, WEBUI_URL, or --upstream");
        }
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("upstream URL '" + url + "' is not a valid URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("upstream URL '" + url + "' must look like https://host[:port]");
        }
        return uri;
    }

    private static Duration duration(Config c, String key, String fallback) {
        String text = c.get(key).asString().orElse(fallback);
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be an ISO-8601 duration such as PT15S, not '" + text + "'");
        }
    }
}
