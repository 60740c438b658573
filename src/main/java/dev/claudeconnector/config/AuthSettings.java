package dev.claudeconnector.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the agent signs in and renews the Open WebUI token.
 *
 * @param profile           the browser's user-data folder (keeps the SSO session between runs)
 * @param browserExecutable a Chrome/Chromium/Edge binary to drive, when given
 * @param browserChannel    an installed branded browser to use instead ("chrome", "msedge")
 * @param provider          which Open WebUI OAuth provider to use when it offers several
 * @param refreshAhead      renew in the background when the token expires within this
 * @param loginTimeout      how long {@code login} waits for the user to finish signing in
 * @param refreshTimeout    how long a headless renewal may take before it counts as failed
 * @param retryAfterFailure after a failed renewal, further 401s fail fast this long (unless the auth file changes)
 * @param interactive       when a renewal inside {@code serve} needs a person, open a visible sign-in window
 *                          (where the desktop can show one) and hold the requests until the sign-in is done
 * @param interactiveTimeout how long that window waits for the person
 */
public record AuthSettings(
        Path profile,
        Optional<String> browserExecutable,
        Optional<String> browserChannel,
        Optional<String> provider,
        Duration refreshAhead,
        Duration loginTimeout,
        Duration refreshTimeout,
        Duration retryAfterFailure,
        boolean interactive,
        Duration interactiveTimeout) {
}
