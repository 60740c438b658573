package dev.claudeconnector.models;

import dev.claudeconnector.config.ModelSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models this proxy offers and how a requested id maps onto one of them.
 * Rules, in order: an exact catalog name; the same Claude model under another spelling
 * ({@link ModelId}); any haiku goes to the default (Open WebUI deployments rarely offer it, and
 * Claude Code uses it for background calls); anything else goes to the default, logged once per id.
 */
public final class ModelCatalog {
    private static final System.Logger LOG = System.getLogger(ModelCatalog.class.getName());

    private final Map<String, ModelSpec> byName = new LinkedHashMap<>();
    private final Map<String, ModelSpec> byKey = new LinkedHashMap<>();
    private final ModelSpec defaultModel;
    private final Set<String> reportedFallbacks = ConcurrentHashMap.newKeySet();

    public ModelCatalog(List<ModelSpec> models, String defaultName) {
        for (ModelSpec m : models) {
            byName.put(m.name().toLowerCase(Locale.ROOT), m);
            ModelId.key(m.name()).ifPresent(k -> byKey.putIfAbsent(k, m));
        }
        defaultModel = byName.get(defaultName.toLowerCase(Locale.ROOT));
        if (defaultModel == null) {
            throw new IllegalArgumentException("models.default '" + defaultName + "' is not in models.catalog");
        }
    }

    /** How a requested id was resolved. {@code fallback} is true when the client's id was not honoured. */
    public record Resolution(String requested, ModelSpec model, boolean fallback) {
    }

    public Resolution resolve(String requested) {
        String id = requested == null ? "" : requested.trim();
        Optional<ModelSpec> found = find(id);
        if (found.isPresent()) {
            return new Resolution(id, found.get(), false);
        }
        if (reportedFallbacks.add(id)) {
            String why = ModelId.family(id).filter("haiku"::equals).isPresent()
                    ? "haiku is not offered upstream"
                    : "not in the catalog";
            LOG.log(System.Logger.Level.INFO, "model ''{0}'' ({1}) is served by the default ''{2}''",
                    id, why, defaultModel.name());
        }
        return new Resolution(id, defaultModel, true);
    }

    /** The catalog entry for an id, without falling back. */
    public Optional<ModelSpec> find(String id) {
        ModelSpec exact = byName.get(id.toLowerCase(Locale.ROOT));
        if (exact != null) {
            return Optional.of(exact);
        }
        if (ModelId.family(id).filter("haiku"::equals).isPresent()) {
            return Optional.empty();
        }
        return ModelId.key(id).map(byKey::get);
    }

    public List<ModelSpec> models() {
        return List.copyOf(byName.values());
    }

    public ModelSpec defaultModel() {
        return defaultModel;
    }
}
