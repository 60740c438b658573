package dev.claudeconnector.openwebui;

import java.util.List;

/**
 * What {@code GET /api/config} tells anyone: the server's name and version (empty when it does not
 * say) and its SSO providers ({@code oauth.providers}), in its order.
 */
public record ServerInfo(String name, String version, List<String> providers) {
    public ServerInfo {
        providers = List.copyOf(providers);
    }

    /** "Open WebUI 0.6.5", or empty. */
    public String describe() {
        String text = (name + " " + version).strip();
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
