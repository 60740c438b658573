package dev.claudeconnector.cli;

import dev.claudeconnector.config.Settings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The environment that makes the Claude Code CLI use this proxy. A {@code null} value means
 * "unset": {@code ANTHROPIC_API_KEY} would take precedence over the local key.
 */
final class ClaudeEnvironment {
    private ClaudeEnvironment() {
    }

    static Map<String, String> variables(Settings settings, String localKey, Optional<String> model) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("ANTHROPIC_BASE_URL", settings.localBaseUrl());
        vars.put("ANTHROPIC_AUTH_TOKEN", localKey);
        vars.put("ANTHROPIC_API_KEY", null);
        model.ifPresent(m -> vars.put("ANTHROPIC_MODEL", m));
        // Claude Code's background calls (titles, summaries, sub-agents) ask for haiku/opus ids the
        // upstream does not offer: point every one of them at a catalog model.
        String fallback = settings.defaultModel();
        for (String name : new String[] {"ANTHROPIC_DEFAULT_OPUS_MODEL", "ANTHROPIC_DEFAULT_SONNET_MODEL",
                "ANTHROPIC_DEFAULT_HAIKU_MODEL", "ANTHROPIC_SMALL_FAST_MODEL", "CLAUDE_CODE_SUBAGENT_MODEL"}) {
            vars.put(name, fallback);
        }
        vars.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        vars.put("DISABLE_TELEMETRY", "1");
        vars.put("DISABLE_ERROR_REPORTING", "1");
        return vars;
    }
}
