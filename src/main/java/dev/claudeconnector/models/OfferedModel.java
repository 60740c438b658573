package dev.claudeconnector.models;

import java.util.Optional;

/**
 * One model the upstream offers, as its model list names it: the {@code id} requests must use, and
 * the display {@code name} people see in Open WebUI (empty when the list gives none).
 *
 * <p>Open WebUI also lists its workspace models ("presets"): a base model wrapped with its own
 * system prompt and settings, marked {@code "preset": true} and/or naming the model it wraps in
 * {@code info.base_model_id}. Either makes this a preset.
 *
 * @param preset      a workspace model: set when the list says so or names a base model
 * @param baseModelId the id of the model a preset wraps, when the list names one
 */
public record OfferedModel(String id, String name, boolean preset, Optional<String> baseModelId) {
    public OfferedModel {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an offered model needs an id");
        }
        name = name == null ? "" : name.strip();
        baseModelId = baseModelId == null ? Optional.empty() : baseModelId.map(String::strip).filter(b -> !b.isEmpty());
        preset = preset || baseModelId.isPresent();
    }

    /** A plain model, no preset. */
    public OfferedModel(String id, String name) {
        this(id, name, false, Optional.empty());
    }

    /** The display name when it says more than the id, else empty: for listings. */
    public String distinctName() {
        return name.isEmpty() || name.equals(id) ? "" : name;
    }
}
