package dev.claudeconnector.models;

/**
 * One model the upstream offers, as its model list names it: the {@code id} requests must use, and
 * the display {@code name} people see in Open WebUI (empty when the list gives none).
 */
public record OfferedModel(String id, String name) {
    public OfferedModel {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an offered model needs an id");
        }
        name = name == null ? "" : name.strip();
    }

    /** The display name when it says more than the id, else empty: for listings. */
    public String distinctName() {
        return name.isEmpty() || name.equals(id) ? "" : name;
    }
}
