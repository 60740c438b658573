package dev.claudeconnector.cli;

import dev.claudeconnector.config.ModelSpec;
import dev.claudeconnector.config.Settings;
import dev.claudeconnector.models.ModelCatalog;
import dev.claudeconnector.models.ModelId;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The environment that makes the Claude Code CLI use this proxy. A {@code null} value means
 * "unset": {@code ANTHROPIC_API_KEY} would take precedence over the local key.
 *
 * <p><b>Model names.</b> Claude Code is never given a catalog name such as {@code claude-sonnet-4.5}:
 * it reads names like that as Anthropic's own models ({@code claude-sonnet-4.5} even as Sonnet 4,
 * by substring), warns on every run once Anthropic has retired them on its API ("Claude Sonnet 4
 * was retired on June 15, 2026"), shows the wrong model ("Sonnet 4 (1M context)") and assumes its
 * context window. Open WebUI serves those models regardless. Claude Code gets each model's display
 * name instead, {@code Claude Sonnet 4.5} ({@link #claudeCodeId}): no Anthropic id contains it, so
 * Claude Code keeps no retirement date or capabilities for it and shows it as it is; the proxy
 * maps it back to the catalog model ({@link ModelId#key}: same family and version).
 *
 * <p><b>Context window.</b> For a model it does not know, Claude Code takes the window from
 * {@code CLAUDE_CODE_MAX_CONTEXT_TOKENS} (only for names not starting with {@code claude-}, hence
 * the display names), and compacts on its own only when an auto-compact window is configured
 * ({@code CLAUDE_CODE_AUTO_COMPACT_WINDOW}); otherwise it waits until the upstream refuses a
 * prompt as too long. {@code CLAUDE_CODE_DISABLE_1M_CONTEXT} keeps it from taking the default model
 * as its 1M-context variant (which it does for API-key users on the Anthropic provider).
 */
final class ClaudeEnvironment {
    /**
     * The context window of the models Open WebUI serves (Claude Sonnet 3.5 to 4.5 on Bedrock): 200k
     * tokens. The 1M window is a beta that Open WebUI does not pass on.
     */
    static final int CONTEXT_WINDOW = 200_000;

    /** Claude Code's model slots that {@code env} fills, each with its {@code _NAME}/{@code _DESCRIPTION} picker label. */
    private static final String[] TIERS = {"OPUS", "SONNET", "HAIKU", "FABLE"};

    private ClaudeEnvironment() {
    }

    static Map<String, String> variables(Settings settings, String localKey, Optional<String> model) {
        ModelCatalog catalog = new ModelCatalog(settings.models(), settings.defaultModel());
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("ANTHROPIC_BASE_URL", settings.localBaseUrl());
        vars.put("ANTHROPIC_AUTH_TOKEN", localKey);
        vars.put("ANTHROPIC_API_KEY", null);
        model.ifPresent(m -> vars.put("ANTHROPIC_MODEL", claudeCodeId(catalog, m)));
        // Claude Code's own choices (its default model, titles, summaries, sub-agents, the /model
        // picker's opus/sonnet/haiku/fable rows) name models the upstream does not offer: point every
        // one of them at the default catalog model, labelled as what it is.
        String fallback = claudeCodeId(catalog, settings.defaultModel());
        for (String tier : TIERS) {
            String name = "ANTHROPIC_DEFAULT_" + tier + "_MODEL";
            vars.put(name, fallback);
            vars.put(name + "_NAME", fallback);
            vars.put(name + "_DESCRIPTION", settings.defaultModel() + " via Open WebUI (in the "
                    + tier.toLowerCase(Locale.ROOT) + " slot)");
        }
        vars.put("ANTHROPIC_SMALL_FAST_MODEL", fallback);
        vars.put("CLAUDE_CODE_SUBAGENT_MODEL", fallback);
        // A legacy Opus id typed in /model is sent as asked (the proxy decides what serves it),
        // not rewritten to the opus slot with a "remaps to" notice.
        vars.put("CLAUDE_CODE_DISABLE_LEGACY_MODEL_REMAP", "1");
        vars.put("CLAUDE_CODE_DISABLE_1M_CONTEXT", "1");
        vars.put("CLAUDE_CODE_MAX_CONTEXT_TOKENS", String.valueOf(CONTEXT_WINDOW));
        vars.put("CLAUDE_CODE_AUTO_COMPACT_WINDOW", String.valueOf(CONTEXT_WINDOW));
        vars.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        vars.put("DISABLE_TELEMETRY", "1");
        vars.put("DISABLE_ERROR_REPORTING", "1");
        return vars;
    }

    /** The name Claude Code is given for the catalog model {@code name} (see {@link #claudeCodeId(ModelCatalog, String)}). */
    static String claudeCodeId(Settings settings, String name) {
        return claudeCodeId(new ModelCatalog(settings.models(), settings.defaultModel()), name);
    }

    /**
     * The name Claude Code is given for the catalog model {@code name}: its display name
     * ({@code claude-sonnet-4.5} → {@code Claude Sonnet 4.5}) when the proxy resolves that back to
     * the same catalog model; otherwise (a model that is no plain Claude model, a haiku, two
     * entries of one version) the catalog name itself.
     */
    static String claudeCodeId(ModelCatalog catalog, String name) {
        ModelSpec model = catalog.find(name).orElseThrow(() -> new IllegalArgumentException(
                "'" + name + "' is not in models.catalog"));
        return displayName(model.name())
                .filter(id -> catalog.find(id).map(ModelSpec::name).filter(model.name()::equals).isPresent())
                .orElse(model.name());
    }

    /** "Claude Sonnet 4.5" for any spelling of that model ({@link ModelId#key}); empty for other ids. */
    static Optional<String> displayName(String id) {
        return ModelId.key(id).map(key -> {
            int colon = key.indexOf(':');
            String family = key.substring(0, colon);
            return "Claude " + Character.toUpperCase(family.charAt(0)) + family.substring(1) + " " + key.substring(colon + 1);
        });
    }
}
