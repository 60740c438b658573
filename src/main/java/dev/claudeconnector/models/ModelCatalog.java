package dev.claudeconnector.models;

import dev.claudeconnector.config.ModelSpec;

import java.util.ArrayList;
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
 *
 * <p>A running server may swap in the upstream ids it discovered ({@link #useUpstreamIds}); the
 * entries live in one immutable snapshot replaced as a whole, so a request sees either the old or
 * the new catalog, never half of each, and reading it takes no lock.
 */
public final class ModelCatalog {
    private static final System.Logger LOG = System.getLogger(ModelCatalog.class.getName());

    private final String defaultName;
    private final Set<String> reportedFallbacks = ConcurrentHashMap.newKeySet();
    private volatile Entries entries;

    /** Requested ids remembered per catalog, so a request reads a map instead of running {@link ModelId}'s patterns. */
    private static final int REMEMBERED_IDS = 64;

    /** The catalog indexed for lookups; never changed once built, except for the ids it remembers. */
    private record Entries(Map<String, ModelSpec> byName, Map<String, ModelSpec> byKey, ModelSpec defaultModel,
                           Map<String, Optional<ModelSpec>> found) {
        static Entries of(List<ModelSpec> models, String defaultName) {
            Map<String, ModelSpec> byName = new LinkedHashMap<>();
            Map<String, ModelSpec> byKey = new LinkedHashMap<>();
            for (ModelSpec m : models) {
                byName.put(m.name().toLowerCase(Locale.ROOT), m);
                ModelId.key(m.name()).ifPresent(k -> byKey.putIfAbsent(k, m));
            }
            ModelSpec defaultModel = byName.get(defaultName.toLowerCase(Locale.ROOT));
            if (defaultModel == null) {
                throw new IllegalArgumentException("models.default '" + defaultName + "' is not in models.catalog");
            }
            return new Entries(byName, byKey, defaultModel, new ConcurrentHashMap<>());
        }
    }

    public ModelCatalog(List<ModelSpec> models, String defaultName) {
        this.defaultName = defaultName;
        this.entries = Entries.of(models, defaultName);
    }

    /** How a requested id was resolved. {@code fallback} is true when the client's id was not honoured. */
    public record Resolution(String requested, ModelSpec model, boolean fallback) {
    }

    public Resolution resolve(String requested) {
        String id = requested == null ? "" : requested.trim();
        Entries current = entries;
        Optional<ModelSpec> found = find(current, id);
        if (found.isPresent()) {
            return new Resolution(id, found.get(), false);
        }
        if (reportedFallbacks.add(id)) {
            String why = ModelId.family(id).filter("haiku"::equals).isPresent()
                    ? "haiku is not offered upstream"
                    : "not in the catalog";
            LOG.log(System.Logger.Level.INFO, "model ''{0}'' ({1}) is served by the default ''{2}''",
                    id, why, current.defaultModel().name());
        }
        return new Resolution(id, current.defaultModel(), true);
    }

    /** The catalog entry for an id, without falling back. */
    public Optional<ModelSpec> find(String id) {
        return find(entries, id);
    }

    private static Optional<ModelSpec> find(Entries current, String id) {
        Optional<ModelSpec> found = current.found().get(id);
        if (found == null) {
            found = lookUp(current, id);
            if (current.found().size() < REMEMBERED_IDS) { // a client cycling through made-up ids cannot grow it
                current.found().put(id, found);
            }
        }
        return found;
    }

    private static Optional<ModelSpec> lookUp(Entries current, String id) {
        ModelSpec exact = current.byName().get(id.toLowerCase(Locale.ROOT));
        if (exact != null) {
            return Optional.of(exact);
        }
        if (ModelId.family(id).filter("haiku"::equals).isPresent()) {
            return Optional.empty();
        }
        return ModelId.key(id).map(current.byKey()::get);
    }

    /**
     * Sends requests for these catalog models (by name) to other upstream ids from now on: the
     * ids {@link ModelMatcher} found for models the upstream offers under another spelling.
     * Everything else about an entry (name, max tokens, options) stays as configured.
     *
     * @throws IllegalArgumentException for a name that is not in the catalog (nothing is changed then)
     */
    public synchronized void useUpstreamIds(Map<String, String> upstreamIdsByName) {
        Entries current = entries;
        Map<String, String> wanted = new LinkedHashMap<>();
        upstreamIdsByName.forEach((name, id) -> {
            if (!current.byName().containsKey(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("'" + name + "' is not in models.catalog");
            }
            wanted.put(name.toLowerCase(Locale.ROOT), id);
        });
        List<ModelSpec> updated = new ArrayList<>();
        for (ModelSpec m : current.byName().values()) {
            String id = wanted.get(m.name().toLowerCase(Locale.ROOT));
            updated.add(id == null ? m : new ModelSpec(m.name(), id, m.maxTokens(), m.extendedOptions()));
        }
        entries = Entries.of(updated, defaultName);
    }

    public List<ModelSpec> models() {
        return List.copyOf(entries.byName().values());
    }

    public ModelSpec defaultModel() {
        return entries.defaultModel();
    }
}
