package dev.claudeconnector.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsLoaderTest {
    @TempDir
    Path dir;

    @Test
    void shippedDefaultsMatchTheSeed() {
        Settings s = SettingsLoader.load(Overrides.none(), Map.of(), dir);
        assertEquals("127.0.0.1", s.host());
        assertEquals(22660, s.port());
        assertEquals("https://chat.aicopilot.aws.mskcc.org", s.upstream().toString());
        assertEquals("claude-sonnet-4.5", s.defaultModel());
        assertEquals(4, s.models().size());
        assertEquals(8192, s.models().stream().filter(m -> m.name().equals("claude-3.5-sonnet")).findFirst().orElseThrow().maxTokens());
        assertTrue(s.tlsInsecure(), "the seed turned verification off for the MSK server");
    }

    @Test
    void flagBeatsEnvironmentBeatsConfigFileBeatsShipped() throws Exception {
        Path cfg = dir.resolve("extra.yaml");
        Files.writeString(cfg, "server:\n  port: 1111\nupstream:\n  url: http://from-file:1\n  tls:\n    insecure: false\n");
        Settings fileOnly = SettingsLoader.load(Overrides.of(cfg, null, null, null, null, null), Map.of(), dir);
        assertEquals(1111, fileOnly.port());
        assertEquals("http://from-file:1", fileOnly.upstream().toString());
        assertEquals(false, fileOnly.tlsInsecure());
        assertEquals(4, fileOnly.models().size(), "keys the file does not set come from the shipped config");

        Settings env = SettingsLoader.load(Overrides.of(cfg, null, null, null, null, null),
                Map.of("WEBUI_URL", "http://from-env:2/", "CONNECTOR_PORT", "2222"), dir);
        assertEquals("http://from-env:2", env.upstream().toString());
        assertEquals(2222, env.port());

        Settings flag = SettingsLoader.load(Overrides.of(cfg, null, 3333, "http://from-flag:3", null, null),
                Map.of("WEBUI_URL", "http://from-env:2"), dir);
        assertEquals("http://from-flag:3", flag.upstream().toString());
        assertEquals(3333, flag.port());
    }

    @Test
    void badValuesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SettingsLoader.load(Overrides.of(null, null, null, "ftp://x", null, null), Map.of(), dir));
        assertTrue(e.getMessage().contains("ftp://x"), e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SettingsLoader.load(Overrides.of(dir.resolve("nope.yaml"), null, null, null, null, null), Map.of(), dir));
        assertTrue(missing.getMessage().contains("--config"), missing.getMessage());
    }
}
