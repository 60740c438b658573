package dev.claudeconnector.openwebui;

import java.util.Optional;

/**
 * Who a token belongs to, as {@code GET /api/v1/auths/} says.
 *
 * @param expiresAt epoch seconds; empty when the token never expires
 */
public record Account(String name, String email, Optional<Long> expiresAt) {
    public String display() {
        return name + " <" + email + ">";
    }
}
