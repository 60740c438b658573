package dev.claudeconnector.auth;

import dev.claudeconnector.openwebui.OpenWebUi;
import dev.claudeconnector.auth.fake.FakeIdp;
import dev.claudeconnector.auth.fake.FakeOpenWebUi;
import dev.claudeconnector.config.Overrides;
import dev.claudeconnector.config.Settings;
import dev.claudeconnector.config.SettingsLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A fake IdP (on {@code localhost}) and a fake Open WebUI (on {@code 127.0.0.1}), two cookie
 * hosts, plus settings that point the agent at them with a fresh browser profile and the
 * machine's Chromium. Shared by the browser tests.
 */
public final class SsoFixture implements AutoCloseable {
    public final FakeIdp idp = FakeIdp.start();
    public final FakeOpenWebUi webui = FakeOpenWebUi.start(idp);
    public final Path dir;
    public final Path authFile;
    public final Path profile;
    public final Path configFile;

    public SsoFixture(Path dir, String extraYaml) {
        this.dir = dir;
        this.authFile = dir.resolve(".auth.env");
        this.profile = dir.resolve("profiles/default");
        this.configFile = dir.resolve("agent-test.yaml");
        String browser = BrowserLocator.detect().map(Path::toString).orElseThrow(() -> new IllegalStateException(
                "these tests drive a real Chromium: install one (apt-get install chromium); .ci/run does"));
        try {
            // extraYaml continues the auth: section (e.g. "  refresh-ahead: PT10M\n").
            Files.writeString(configFile, "upstream:\n  tls:\n    insecure: false\nauth:\n  browser:\n    executable: "
                    + browser + "\n" + extraYaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Settings settings() {
        return SettingsLoader.load(new Overrides(configFile, "127.0.0.1", 0, webui.baseUrl(), authFile, null, profile, null),
                Map.of(), dir);
    }

    public Credentials credentials() {
        return new Credentials(new AuthFile(authFile), Map.of());
    }

    public SessionRenewer renewer(Credentials credentials) {
        Settings s = settings();
        return new SessionRenewer(s, credentials, OpenWebUi.create(s), Clock.systemUTC());
    }

    /** The common CLI flags that point a command at this fixture. */
    public String[] flags(String command, String... more) {
        String[] base = {command, "--config", configFile.toString(), "--upstream", webui.baseUrl(),
                "--auth-file", authFile.toString(), "--profile", profile.toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    public String savedToken() {
        try {
            return new AuthFile(authFile).read().get(Credentials.TOKEN_VAR);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        webui.close();
        idp.close();
    }
}
