package dev.claudeconnector.auth.fake;

import java.util.Map;

/**
 * A page a real IdP may put in the middle of a silent SSO, which only a person can answer
 * ({@link FakeIdp#setPromptOnSilentSso}). The HTML is in {@link IdpPages}, the answers in {@link PromptAnswers}.
 */
public enum IdpPrompt {
    /** "Pick an account" (Entra ID): a tile per account and no input field. */
    ACCOUNT_PICKER,
    /** An identifier-first page: a user-name field, no password field yet. */
    USERNAME_FIRST,
    /** "Enter code" from an authenticator app (MFA). */
    ONE_TIME_CODE,
    /** The client asks for permissions: Allow or Deny. */
    CONSENT,
    /** Entra ID's "More information required" (register security info): a page the agent cannot name. */
    MORE_INFORMATION;

    /** The code the one-time-code page accepts (what the person's authenticator app would show). */
    public static final String CODE = "246810";

    String page(Map<String, String> authorizeParams, FakeIdp.User user) {
        return switch (this) {
            case ACCOUNT_PICKER -> IdpPages.accountPicker(authorizeParams, user);
            case USERNAME_FIRST -> IdpPages.usernameFirst(authorizeParams);
            case ONE_TIME_CODE -> IdpPages.oneTimeCode(authorizeParams, null);
            case CONSENT -> IdpPages.consent(authorizeParams);
            case MORE_INFORMATION -> IdpPages.moreInformation(authorizeParams);
        };
    }
}
