package dev.claudeconnector.translate;

/**
 * What the caller decided about the target model; translate does no lookups of its own.
 *
 * @param upstreamModel         the model id sent to Open WebUI
 * @param maxOutputTokens       the catalog's output limit; {@code max_tokens} is clamped to it (and
 *                              when counting tokens, where the client sends none, it stands in).
 *                              A value {@code <= 0} means "unknown": the client's value is kept as
 *                              is (and omitted when absent).
 * @param passesExtendedOptions true when the catalog says the model takes {@code top_k},
 *                              {@code thinking}, {@code context_management} and
 *                              {@code output_config}: they are copied through; false drops them
 */
public record UpstreamTarget(String upstreamModel, int maxOutputTokens, boolean passesExtendedOptions) {
    public UpstreamTarget {
        if (upstreamModel == null || upstreamModel.isBlank()) {
            throw new IllegalArgumentException("upstreamModel must be a non-blank model id");
        }
    }
}
