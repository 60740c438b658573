package dev.claudeconnector.auth;

/** Words the user sees about renewals, kept in one place so every path says the same thing. */
public final class RenewalMessages {
    public static final String SSO_ENDED = "Your SSO session has ended: run 'java -jar agent.jar login'";

    private RenewalMessages() {
    }
}
