package dev.claudeconnector.config;

import java.nio.file.Path;

/**
 * Values given on the command line; {@code null} means "not given". They win over everything else.
 */
public record Overrides(Path configFile, String host, Integer port, String upstream, Path authFile, String logLevel,
                        Path profile, String browser) {
    public static Overrides none() {
        return new Overrides(null, null, null, null, null, null, null, null);
    }

    /** The flags {@code serve} and the proxy commands take (no browser options). */
    public static Overrides of(Path configFile, String host, Integer port, String upstream, Path authFile, String logLevel) {
        return new Overrides(configFile, host, port, upstream, authFile, logLevel, null, null);
    }
}
