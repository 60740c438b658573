package dev.claudeconnector.config;

/**
 * One catalog entry as configured: the name users and Claude Code ask for, the id Open WebUI
 * knows the model by, the most output tokens it accepts, and whether it takes Anthropic-only
 * options (top_k, thinking, …) unchanged.
 */
public record ModelSpec(String name, String upstreamId, int maxTokens, boolean extendedOptions) {
    public ModelSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("models.catalog: every model needs a name");
        }
        if (upstreamId == null || upstreamId.isBlank()) {
            upstreamId = name;
        }
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("models.catalog." + name + ".max-tokens must be positive");
        }
    }
}
