package dev.claudeconnector.auth;

import dev.claudeconnector.config.Invocation;

import java.nio.file.Path;

/** The one sentence that tells a user to sign in (again), so every path says the same thing. */
public final class SignInAdvice {
    private SignInAdvice() {
    }

    /** "Sign in with 'java -jar target/agent.jar login' (or put a fresh token in F as WEBUI_SESSION_TOKEN)." */
    public static String signIn(Path authFile) {
        return "Sign in with '" + Invocation.of("login") + "' (or put a fresh token in " + authFile
                + " as " + Credentials.TOKEN_VAR + ").";
    }

    /**
     * A headless renewal met a page that needs a person: "The token cannot be renewed without you: {@code why}.
     * Sign in with …".
     */
    public static String needsYou(String why, Path authFile) {
        return "The token cannot be renewed without you: " + why + ". " + signIn(authFile);
    }

    /**
     * A visible sign-in where no window can be shown: "No display for the sign-in window ({@code why}). …"
     * with the ways to get one, and why {@code --headless} is no way round it.
     */
    public static String noDisplay(String why) {
        return "No display for the sign-in window (" + why + "). The first sign-in needs a visible browser window:"
                + " run '" + Invocation.of("login") + "' in a desktop session, over 'ssh -X', or (for tests) under"
                + " 'xvfb-run -a'. '" + Invocation.of("login --headless") + "' works only while your SSO session is"
                + " still alive.";
    }

    /** A headless renewal did not finish and nothing told why. */
    public static String ssoEnded(Path authFile) {
        return "Your SSO session has ended. " + signIn(authFile);
    }
}
