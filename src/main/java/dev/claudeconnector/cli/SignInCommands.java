package dev.claudeconnector.cli;

import dev.claudeconnector.auth.AuthFile;
import dev.claudeconnector.auth.Credentials;
import dev.claudeconnector.openwebui.OpenWebUi;
import dev.claudeconnector.auth.SessionRenewer;
import dev.claudeconnector.config.Settings;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;

/** What {@code login} and {@code refresh} share: building the renewer and telling the user the outcome. */
final class SignInCommands {
    private SignInCommands() {
    }

    static SessionRenewer renewer(Settings settings) {
        Credentials credentials = new Credentials(new AuthFile(settings.authFile()), System.getenv());
        return new SessionRenewer(settings, credentials, OpenWebUi.create(settings), Clock.systemUTC());
    }

    /** "…; token expires at 2026-11-25T14:03:00Z (in 3 h 12 min)" or "…; token does not expire". */
    static void report(PrintStream out, String lead, SessionRenewer.Result result) {
        out.println(lead + " " + result.user().display() + "; token " + result.facts().describeExpiry(Instant.now()));
    }
}
