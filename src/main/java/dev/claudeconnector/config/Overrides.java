package dev.claudeconnector.config;

import java.nio.file.Path;

/**
 * Values given on the command line; {@code null} means "not given". They win over everything else.
 */
public record Overrides(Path configFile, String host, Integer port, String upstream, Path authFile, String logLevel) {
    public static Overrides none() {
        return new Overrides(null, null, null, null, null, null);
    }
}
