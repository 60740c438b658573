package dev.claudeconnector.openwebui;

import java.util.Optional;

/**
 * Who a token belongs to, as {@code GET /api/v1/auths/} says.
 *
 * @param role      Open WebUI's role: {@code user}, {@code admin}, or {@code pending} (signed up, not yet
 *                  approved: its chats are refused while this call still answers; routers/auths.py)
 * @param expiresAt epoch seconds; empty when the token never expires
 */
public record Account(String name, String email, String role, Optional<Long> expiresAt) {
    public String display() {
        return name + " <" + email + ">";
    }

    /** An account an administrator has not approved yet: it may sign in but not chat. */
    public boolean pending() {
        return "pending".equals(role);
    }
}
