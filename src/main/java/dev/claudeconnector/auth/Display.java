package dev.claudeconnector.auth;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a visible browser window can be shown here. macOS and Windows always have a desktop; elsewhere
 * (Linux, the BSDs) Chromium needs an X server ({@code DISPLAY}) or a Wayland compositor
 * ({@code WAYLAND_DISPLAY}), and without one it exits at once ("Missing X server or $DISPLAY").
 */
public final class Display {
    /** Why no window can be shown when neither variable is set. */
    static final String UNSET = "neither DISPLAY nor WAYLAND_DISPLAY is set";
    /** What Chromium (and Playwright around it) print when the display cannot be opened. */
    private static final String[] CHROMIUM_SAYS = {"Missing X server or $DISPLAY", "without having a XServer running",
            "cannot open display", "Failed to connect to Wayland display"};

    private Display() {
    }

    /** Why no window can be shown; empty when one can. */
    public static Optional<String> missing(Map<String, String> env, String os) {
        String name = os == null ? "" : os.toLowerCase(Locale.ROOT);
        if (name.contains("mac") || name.contains("win") || present(env, "DISPLAY") || present(env, "WAYLAND_DISPLAY")) {
            return Optional.empty();
        }
        return Optional.of(UNSET);
    }

    /** Throws the no-display advice when this process cannot show a window. */
    public static void require() {
        missing(System.getenv(), System.getProperty("os.name")).ifPresent(why -> {
            throw new SignInException(SignInAdvice.noDisplay(why));
        });
    }

    /** Whether a browser's launch failure says it found no display. */
    static boolean isNoDisplayFailure(String message) {
        if (message == null) {
            return false;
        }
        for (String words : CHROMIUM_SAYS) {
            if (message.contains(words)) {
                return true;
            }
        }
        return false;
    }

    /** Why a window could not be shown although a display variable is set. */
    static String unusable(Map<String, String> env) {
        String display = env.getOrDefault("DISPLAY", "");
        String wayland = env.getOrDefault("WAYLAND_DISPLAY", "");
        return "the browser could not open the display"
                + (!display.isBlank() ? " DISPLAY=" + display : !wayland.isBlank() ? " WAYLAND_DISPLAY=" + wayland : "")
                + " (no X server or Wayland compositor answers there)";
    }

    private static boolean present(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }
}
