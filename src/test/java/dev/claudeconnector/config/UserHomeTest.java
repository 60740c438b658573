package dev.claudeconnector.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-user home: the same from every folder, in each platform's usual places, moved into once. */
class UserHomeTest {
    @TempDir
    Path dir;

    @Test
    void linuxFollowsXdgWithItsFallbacks() {
        UserHome plain = UserHome.of(Map.of("HOME", "/home/ada"), "/ignored", "Linux");
        assertEquals(Path.of("/home/ada/.config/claude-connector/.auth.env"), plain.authFile());
        assertEquals(Path.of("/home/ada/.config/claude-connector/config.yaml"), plain.configFile());
        assertEquals(Path.of("/home/ada/.local/share/claude-connector/profiles"), plain.profiles());
        assertEquals(Path.of("/home/ada/.local/state/claude-connector/serve-22660.pid"), plain.pidFile(22660));
        UserHome xdg = UserHome.of(Map.of("HOME", "/home/ada", "XDG_CONFIG_HOME", "/cfg", "XDG_DATA_HOME", "relative/ignored",
                "XDG_STATE_HOME", "/st"), "/ignored", "Linux");
        assertEquals(Path.of("/cfg/claude-connector"), xdg.config());
        assertEquals(Path.of("/home/ada/.local/share/claude-connector"), xdg.data(), "a relative XDG value is ignored");
        assertEquals(Path.of("/st/claude-connector/serve-22661.log"), xdg.serveLog(22661));
    }

    @Test
    void macOsUsesApplicationSupportAndLogs() {
        UserHome mac = UserHome.of(Map.of(), "/Users/ada", "Mac OS X");
        assertEquals(Path.of("/Users/ada/Library/Application Support/claude-connector/.auth.env"), mac.authFile());
        assertEquals(Path.of("/Users/ada/Library/Logs/claude-connector"), mac.state());
    }

    @Test
    void oneVariablePutsEverythingInOneFolder() {
        UserHome own = UserHome.of(Map.of(UserHome.ENV_HOME, "/srv/cc", "XDG_CONFIG_HOME", "/cfg"), "/home/ada", "Linux");
        assertEquals(UserHome.in(Path.of("/srv/cc")), own);
    }

    @Test
    void settingsDefaultToTheHomeWhateverTheCurrentFolder() throws Exception {
        UserHome home = UserHome.in(dir.resolve("home"));
        Files.createDirectories(home.config());
        Files.writeString(home.configFile(), "server:\n  port: 23456\nauth:\n  file: secrets.env\n");
        Settings s = SettingsLoader.load(Overrides.none(), Map.of(), home);
        assertEquals(23456, s.port(), "the user's own config.yaml is read");
        assertEquals(home.config().resolve("secrets.env"), s.authFile(), "relative to the config folder");
        assertEquals(home.profiles().resolve("default"), s.auth().profile());
        assertTrue(s.configSource().contains(home.configFile().toString()), s.configSource());
        Settings flagged = SettingsLoader.load(Overrides.of(null, null, 1, null, Path.of("x.env"), null), Map.of(), home);
        assertEquals(1, flagged.port(), "a flag beats the user's file");
        assertEquals(Path.of("x.env"), flagged.authFile(), "a flag's path is taken as typed");
    }

    @Test
    void filesLeftInTheRepositoryMoveIntoTheHomeOnce() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve(".auth.env"), "export WEBUI_SESSION_TOKEN='t'\n");
        Files.writeString(Files.createDirectories(repo.resolve("profiles/default")).resolve("Local State"), "{}");
        Settings s = SettingsLoader.load(Overrides.none(), Map.of(), dir.resolve("home"));

        List<String> moved = LegacyLayout.moveIntoHome(repo, s);
        assertEquals(2, moved.size(), moved.toString());
        assertEquals("export WEBUI_SESSION_TOKEN='t'\n", Files.readString(s.authFile()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(s.authFile())));
        assertTrue(Files.exists(s.auth().profile().resolve("Local State")));
        assertFalse(Files.exists(repo.resolve(".auth.env")));
        assertEquals(List.of(), LegacyLayout.moveIntoHome(repo, s), "once");

        Files.writeString(repo.resolve(".auth.env"), "old");
        assertEquals(List.of(), LegacyLayout.moveIntoHome(repo, s), "never over the home's own file");
        Settings elsewhere = SettingsLoader.load(Overrides.of(null, null, null, null, dir.resolve("mine.env"), null),
                Map.of(), dir.resolve("home2"));
        assertTrue(LegacyLayout.moveIntoHome(repo, elsewhere).stream().noneMatch(m -> m.contains(".auth.env")),
                "a path the user chose is left alone");
    }
}
