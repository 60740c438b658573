package dev.claudeconnector.auth;

import dev.claudeconnector.config.AuthSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** When {@code serve} may open a visible sign-in window: the setting allows it and the desktop can show one. */
class SignInWindowRulesTest {
    static AuthSettings auth(boolean interactive) {
        return new AuthSettings(Path.of("p"), Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofMinutes(10),
                Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMinutes(1), interactive, Duration.ofMinutes(5));
    }

    @ParameterizedTest(name = "interactive={0} os={1} DISPLAY={2} WAYLAND={3} -> {4}")
    @CsvSource({
            "true,  Linux,      :0,  '',        true",
            "true,  Linux,      '',  wayland-0, true",
            "true,  Linux,      '',  '',        false",
            "true,  Mac OS X,   '',  '',        true",
            "true,  Windows 11, '',  '',        true",
            "false, Linux,      :0,  '',        false",
            "false, Mac OS X,   '',  '',        false",
    })
    void aWindowNeedsTheSettingAndADesktop(boolean interactive, String os, String display, String wayland, boolean allowed) {
        Map<String, String> env = new HashMap<>();
        env.put("DISPLAY", display);
        env.put("WAYLAND_DISPLAY", wayland);
        SignInWindow window = SignInWindow.of(auth(interactive), env, os, Clock.systemUTC());
        assertEquals(allowed, window.allowed(), window.whyNot());
        assertEquals(allowed, window.whyNot().isEmpty());
    }
}
