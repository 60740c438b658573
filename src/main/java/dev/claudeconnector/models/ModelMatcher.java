package dev.claudeconnector.models;

import dev.claudeconnector.config.ModelSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sets the catalog beside what the upstream offers, so a configured id that the upstream spells
 * differently (Bedrock's {@code us.anthropic.claude-sonnet-4-5-20250929-v1:0} for
 * {@code claude-sonnet-4.5}) is found without anyone editing the config. Pure: no I/O.
 *
 * <p>Rules, per catalog entry:
 * <ol>
 * <li>OFFERED: its {@code upstreamId} is an offered id, exactly. This is the only way an Open WebUI
 *     preset ({@link OfferedModel#preset}) serves a catalog entry: someone named it on purpose.</li>
 * <li>MATCHED: otherwise, an offered model is plainly the same model. "Same model" is equality of
 *     {@link ModelId#key} ({@code family:version}) with the key of the entry's {@code upstreamId}, or of
 *     its name when the upstream id is no recognisable Claude id; so sonnet 4 never stands in for
 *     sonnet 4.5, nor sonnet for opus. An offered model's key comes from its id, or, when the id is no
 *     Claude id at all, from its display name ("Claude Sonnet 4.5"); id matches beat name matches.
 *     "Plainly" means the spelling carries nothing but the model: no extra words such as
 *     {@code thinking}, {@code 1m} or "Code Reviewer", which mark variants or Open WebUI presets
 *     built on the model (in an id, only the part from "claude" on counts: what precedes it,
 *     {@code us.anthropic.} or a connection prefix, is routing). A preset is never a candidate, however
 *     plain its id or name: it carries its own system prompt and settings, so it answers differently
 *     from the model it wraps; the base model is matched instead.</li>
 * <li>MISSING: neither; also when only presets of the model are offered.</li>
 * </ol>
 * Several plain candidates all are the same family and version, so picking one is no guess about
 * the model; the pick is the newest-looking: the latest date in the id (an undated id is an alias
 * of the newest snapshot, so it ranks first), then the highest Bedrock revision ({@code -v2:0}
 * over {@code -v1:0}), then the shortest id, then the upstream's own order.
 */
public final class ModelMatcher {
    private static final Set<String> PLAIN_WORDS = Set.of("claude", "anthropic", "opus", "sonnet", "haiku",
            "latest", "v", "bedrock", "aws", "vertex");
    private static final Pattern WORD = Pattern.compile("[a-z]+");
    private static final Pattern DATE = Pattern.compile("(?<!\\d)(20\\d{6})(?!\\d)");
    private static final Pattern REVISION = Pattern.compile("-v(\\d{1,6})(?::(\\d{1,6}))?$");

    private ModelMatcher() {
    }

    public enum Status { OFFERED, MATCHED, MISSING }

    /**
     * The verdict for one catalog entry.
     *
     * @param offered the offered model serving it: the exact one (OFFERED), the stand-in (MATCHED), empty (MISSING)
     * @param byName  a MATCHED stand-in was recognised by its display name, not its id
     */
    public record Match(ModelSpec spec, Status status, Optional<OfferedModel> offered, boolean byName) {
        /** The id requests for this entry should carry. */
        public String upstreamIdToUse() {
            return offered.map(OfferedModel::id).orElse(spec.upstreamId());
        }
    }

    /**
     * @param catalog one verdict per catalog entry, in catalog order
     * @param others  offered models no catalog entry uses, in the upstream's order
     */
    public record Matches(List<Match> catalog, List<OfferedModel> others) {
        public Matches {
            catalog = List.copyOf(catalog);
            others = List.copyOf(others);
        }

        /** Every catalog entry can be served: offered as configured, or matched. */
        public boolean complete() {
            return catalog.stream().noneMatch(m -> m.status() == Status.MISSING);
        }

        /** Catalog name to matched upstream id, for {@link ModelCatalog#useUpstreamIds}. */
        public Map<String, String> adoptions() {
            Map<String, String> ids = new LinkedHashMap<>();
            catalog.stream().filter(m -> m.status() == Status.MATCHED)
                    .forEach(m -> ids.put(m.spec().name(), m.upstreamIdToUse()));
            return ids;
        }
    }

    public static Matches match(List<ModelSpec> specs, List<OfferedModel> offered) {
        List<OfferedModel> unique = dedupe(offered);
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < unique.size(); i++) {
            Candidate.of(unique.get(i), i).ifPresent(candidates::add);
        }
        List<Match> verdicts = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (ModelSpec spec : specs) {
            Match m = verdict(spec, unique, candidates);
            m.offered().ifPresent(o -> used.add(o.id()));
            verdicts.add(m);
        }
        List<OfferedModel> others = unique.stream().filter(o -> !used.contains(o.id())).toList();
        return new Matches(verdicts, others);
    }

    private static Match verdict(ModelSpec spec, List<OfferedModel> offered, List<Candidate> candidates) {
        Optional<OfferedModel> exact = offered.stream().filter(o -> o.id().equals(spec.upstreamId())).findFirst();
        if (exact.isPresent()) {
            return new Match(spec, Status.OFFERED, exact, false);
        }
        Optional<String> wanted = ModelId.key(spec.upstreamId()).or(() -> ModelId.key(spec.name()));
        if (wanted.isEmpty()) {
            return new Match(spec, Status.MISSING, Optional.empty(), false);
        }
        for (boolean byName : new boolean[] {false, true}) {
            Optional<Candidate> best = candidates.stream()
                    .filter(c -> c.byName() == byName && c.key().equals(wanted.get()))
                    .min(NEWEST_LOOKING);
            if (best.isPresent()) {
                return new Match(spec, Status.MATCHED, Optional.of(best.get().model()), byName);
            }
        }
        return new Match(spec, Status.MISSING, Optional.empty(), false);
    }

    /** An offered model that plainly names a Claude model, with where its key came from. */
    private record Candidate(OfferedModel model, String key, boolean byName, int position) {
        static Optional<Candidate> of(OfferedModel model, int position) {
            if (model.preset()) {
                return Optional.empty();
            }
            // The id decides when it names a Claude model at all; the display name only stands in for opaque ids.
            if (ModelId.key(model.id()).isPresent()) {
                return plainKey(model.id(), true).map(k -> new Candidate(model, k, false, position));
            }
            return plainKey(model.name(), false).map(k -> new Candidate(model, k, true, position));
        }
    }

    /** The {@code family:version} key of a spelling that names nothing but the model. */
    private static Optional<String> plainKey(String spelling, boolean isId) {
        Optional<String> key = ModelId.key(spelling);
        if (key.isEmpty()) {
            return key;
        }
        String s = spelling.toLowerCase(Locale.ROOT);
        if (isId) {
            s = s.substring(s.indexOf("claude"));
        }
        Matcher words = WORD.matcher(s);
        while (words.find()) {
            if (!PLAIN_WORDS.contains(words.group())) {
                return Optional.empty();
            }
        }
        return key;
    }

    private static final Comparator<Candidate> NEWEST_LOOKING = Comparator
            .comparing((Candidate c) -> date(c.model().id()), Comparator.reverseOrder())
            .thenComparing(c -> revision(c.model().id()), Comparator.reverseOrder())
            .thenComparingInt(c -> c.model().id().length())
            .thenComparingInt(Candidate::position);

    /** The snapshot date in an id; an undated id is an alias of the newest snapshot, so it sorts after every date. */
    private static String date(String id) {
        Matcher m = DATE.matcher(id);
        String latest = null;
        while (m.find()) {
            latest = m.group(1);
        }
        return latest == null ? "99999999" : latest;
    }

    /** Bedrock's {@code -vN:M} revision as a sortable number; 0 without one. */
    private static long revision(String id) {
        Matcher m = REVISION.matcher(id);
        if (!m.find()) {
            return 0;
        }
        return Long.parseLong(m.group(1)) * 1000 + (m.group(2) == null ? 0 : Long.parseLong(m.group(2)));
    }

    private static List<OfferedModel> dedupe(List<OfferedModel> offered) {
        Map<String, OfferedModel> byId = new LinkedHashMap<>();
        offered.forEach(o -> byId.putIfAbsent(o.id(), o));
        return List.copyOf(byId.values());
    }
}
