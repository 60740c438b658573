package dev.claudeconnector.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where what belongs to the user lives, found the same from every folder: the user's config file
 * and the auth file ({@link #config}), browser profiles ({@link #data}), the background proxy's
 * log and pid files ({@link #state}). The platform's usual places: XDG on Linux
 * ({@code ~/.config}, {@code ~/.local/share}, {@code ~/.local/state}), {@code ~/Library/Application
 * Support} and {@code ~/Library/Logs} on macOS, {@code %APPDATA%} on Windows;
 * {@value #ENV_HOME} puts all of it in one folder.
 */
public record UserHome(Path config, Path data, Path state) {
    public static final String ENV_HOME = "CLAUDE_CONNECTOR_HOME";
    static final String NAME = "claude-connector";

    /**
     * @param env      the environment ({@value #ENV_HOME}, {@code XDG_*}, {@code HOME}, {@code APPDATA})
     * @param userHome the JVM's {@code user.home}, used when the environment has no {@code HOME}
     * @param os       {@code os.name}
     */
    public static UserHome of(Map<String, String> env, String userHome, String os) {
        String own = env.get(ENV_HOME);
        if (own != null && !own.isBlank()) {
            return in(Path.of(own.strip()));
        }
        Path home = Path.of(nonBlank(env.get("HOME"), userHome));
        String name = os.toLowerCase(Locale.ROOT);
        if (name.contains("mac")) {
            Path support = home.resolve("Library/Application Support").resolve(NAME);
            return new UserHome(support, support, home.resolve("Library/Logs").resolve(NAME));
        }
        if (name.contains("win")) {
            Path appData = Path.of(nonBlank(env.get("APPDATA"), home.resolve("AppData/Roaming").toString())).resolve(NAME);
            return new UserHome(appData, appData, appData);
        }
        return new UserHome(xdg(env, "XDG_CONFIG_HOME", home, ".config"), xdg(env, "XDG_DATA_HOME", home, ".local/share"),
                xdg(env, "XDG_STATE_HOME", home, ".local/state"));
    }

    /** Everything in one folder (what {@value #ENV_HOME} asks for). */
    public static UserHome in(Path dir) {
        Path abs = dir.toAbsolutePath();
        return new UserHome(abs, abs, abs);
    }

    /** The home of this process: its environment and system properties. */
    public static UserHome current() {
        return of(System.getenv(), System.getProperty("user.home"), System.getProperty("os.name", ""));
    }

    /**
     * This program's cache folder (the unpacked browser driver, class-data archives): under
     * {@code XDG_CACHE_HOME}, else {@code ~/.cache}, on every platform; {@code HOME} before the JVM's
     * {@code user.home}, so a process given another home uses it.
     */
    public static Path cache() {
        Map<String, String> env = System.getenv();
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(nonBlank(env.get("HOME"), System.getProperty("user.home"))).resolve(".cache");
        return base.resolve(NAME);
    }

    /** The user's own config file, read between {@code --config} and the built-in defaults. */
    public Path configFile() {
        return config.resolve("config.yaml");
    }

    public Path authFile() {
        return config.resolve(".auth.env");
    }

    public Path profiles() {
        return data.resolve("profiles");
    }

    /** The background proxy's log for a port. */
    public Path serveLog(int port) {
        return state.resolve("serve-" + port + ".log");
    }

    /** The pid file of the proxy serving a port. */
    public Path pidFile(int port) {
        return state.resolve("serve-" + port + ".pid");
    }

    private static Path xdg(Map<String, String> env, String variable, Path home, String fallback) {
        String value = env.get(variable);
        // The XDG spec: a relative value is invalid and ignored.
        Path base = value != null && !value.isBlank() && Path.of(value).isAbsolute() ? Path.of(value) : home.resolve(fallback);
        return base.resolve(NAME);
    }

    private static String nonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
