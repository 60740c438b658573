package dev.claudeconnector.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudeconnector.auth.AuthFile;
import dev.claudeconnector.auth.Credentials;
import dev.claudeconnector.config.Settings;
import dev.claudeconnector.models.ModelMatcher;
import dev.claudeconnector.models.OfferedModel;
import dev.claudeconnector.auth.SignInAdvice;
import dev.claudeconnector.openwebui.OpenWebUi;
import dev.claudeconnector.openwebui.OpenWebUiException;
import dev.claudeconnector.openwebui.OpenWebUiFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code models}: Open WebUI's model list beside the catalog, with the matches {@code serve} will use. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"Show the catalog (config/agent.yaml models.catalog) beside the models Open WebUI offers: for each"
                + " alias its upstream id, max tokens, and whether Open WebUI offers it, under that id or, plainly the"
                + " same model, under another (e.g. a Bedrock id), which serve then uses on its own.",
                "Models Open WebUI offers beyond the catalog are listed too. Presets (Open WebUI workspace models)"
                        + " are marked with the model they wrap."},
        footer = {"", "Examples:",
                "  ${sys:connector.command} models",
                "  ${sys:connector.command} models --json",
                "  ${sys:connector.command} models --upstream https://owui.example.org",
                "",
                "Exit codes: 0 every catalog model is offered or matched; 1 a catalog model is missing upstream,"
                        + " or an error (no token: run login; Open WebUI unreachable or refusing the token)."})
final class ModelsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Option(names = "--json", description = "Print one JSON object (catalog, status, other models) instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Settings settings = options.load();
        String token = new Credentials(new AuthFile(settings.authFile()), System.getenv()).token()
                .orElseThrow(() -> new IllegalStateException("no Open WebUI session token in " + settings.authFile()
                        + ". " + SignInAdvice.signIn(settings.authFile())));
        OpenWebUi upstream = OpenWebUi.create(settings);
        List<OfferedModel> offered;
        try {
            offered = upstream.models(token);
        } catch (OpenWebUiException e) {
            throw new IllegalStateException(explain(e.failure(), settings));
        }
        ModelMatcher.Matches matches = ModelMatcher.match(settings.models(), offered);
        if (json) {
            printJson(System.out, settings, matches);
        } else {
            printTable(System.out, settings, offered.size(), matches);
        }
        return matches.complete() ? 0 : 1;
    }

    /** Why the list could not be had, in words that say what to do. */
    static String explain(OpenWebUiFailure failure, Settings settings) {
        String at = "Open WebUI at " + settings.upstream();
        String said = failure.detail().isEmpty() ? "" : " (" + failure.detail() + ")";
        return switch (failure) {
            case OpenWebUiFailure.TokenRejected t -> at + " did not accept the session token (HTTP " + t.status() + ")"
                    + said + ". " + SignInAdvice.signIn(settings.authFile());
            case OpenWebUiFailure.NoPermission p -> at + " does not let this account list models (HTTP " + p.status()
                    + ")" + said + ". Ask an Open WebUI administrator to activate your account.";
            case OpenWebUiFailure.Unreachable u -> "Cannot reach " + at + " (" + u.detail() + "). Check the URL"
                    + " (upstream.url, WEBUI_URL or --upstream), your network and VPN.";
            case OpenWebUiFailure.NotOpenWebUi n -> at + " answered GET /api/models with something that is not a"
                    + " model list" + said + ". Check that the URL points at Open WebUI itself.";
            default -> at + " answered GET /api/models with HTTP " + failure.status() + said
                    + ". Check that the URL points at Open WebUI itself.";
        };
    }

    private static void printTable(PrintStream out, Settings settings, int offeredCount, ModelMatcher.Matches matches) {
        out.println("Open WebUI at " + settings.upstream() + " offers " + offeredCount + " model"
                + (offeredCount == 1 ? "" : "s") + ".");
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ALIAS", "UPSTREAM ID", "MAX TOKENS", "OFFERED"});
        for (ModelMatcher.Match m : matches.catalog()) {
            boolean isDefault = m.spec().name().equals(settings.defaultModel());
            rows.add(new String[] {m.spec().name() + (isDefault ? " (default)" : ""), m.spec().upstreamId(),
                    String.format(Locale.ROOT, "%,d", m.spec().maxTokens()), status(m)});
        }
        int[] widths = new int[3];
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            out.println(String.format(Locale.ROOT, "  %-" + widths[0] + "s  %-" + widths[1] + "s  %" + widths[2] + "s  %s",
                    (Object[]) row).stripTrailing());
        }
        out.println();
        if (matches.others().isEmpty()) {
            out.println("Open WebUI offers no other models.");
        } else {
            out.println("Also offered by Open WebUI (not in the catalog):");
            int width = matches.others().stream().mapToInt(o -> o.id().length()).max().orElse(0);
            for (OfferedModel o : matches.others()) {
                String described = (o.distinctName() + " " + presetNote(o)).strip();
                out.println(("  %-" + width + "s  %s").formatted(o.id(), described).stripTrailing());
            }
            if (matches.others().stream().anyMatch(OfferedModel::preset)) {
                out.println();
                out.println("serve never picks a preset by itself; to use one, set a model's upstream-id in config/agent.yaml to its id.");
            }
        }
        if (matches.catalog().stream().anyMatch(m -> m.status() == ModelMatcher.Status.MATCHED)) {
            out.println();
            out.println("serve uses the matched ids on its own; to make one permanent, set its upstream-id in config/agent.yaml.");
        }
        if (!matches.complete()) {
            out.println();
            out.println("Requests for a missing model fail: set its upstream-id in config/agent.yaml to an id Open WebUI offers.");
        }
    }

    private static String status(ModelMatcher.Match m) {
        return switch (m.status()) {
            case OFFERED -> ("✓ offered " + presetNote(m.offered().orElseThrow())).strip();
            case MATCHED -> "✓ matched → " + m.upstreamIdToUse()
                    + (m.byName() ? " (named '" + m.offered().orElseThrow().name() + "')" : "");
            case MISSING -> "✗ missing";
        };
    }

    /** "(preset of BASE)" for an Open WebUI workspace model, "(preset)" when it names no base, else empty. */
    private static String presetNote(OfferedModel o) {
        if (!o.preset()) {
            return "";
        }
        return o.baseModelId().map(base -> "(preset of " + base + ")").orElse("(preset)");
    }

    /**
     * A stable shape for scripts: keys always present, {@code matched_id} null unless the status is
     * "matched", {@code base_model_id} null unless a preset names its base. A catalog entry's
     * {@code preset} tells whether the offered model serving it is one (only ever when offered).
     */
    private static void printJson(PrintStream out, Settings settings, ModelMatcher.Matches matches) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("upstream", settings.upstream().toString());
        ArrayNode catalog = root.putArray("catalog");
        for (ModelMatcher.Match m : matches.catalog()) {
            ObjectNode entry = catalog.addObject();
            entry.put("name", m.spec().name());
            entry.put("upstream_id", m.spec().upstreamId());
            entry.put("max_tokens", m.spec().maxTokens());
            entry.put("default", m.spec().name().equals(settings.defaultModel()));
            entry.put("status", m.status().name().toLowerCase(Locale.ROOT));
            entry.put("matched_id", m.status() == ModelMatcher.Status.MATCHED ? m.upstreamIdToUse() : null);
            putPreset(entry, m.offered().orElse(null));
        }
        ArrayNode others = root.putArray("other_models");
        for (OfferedModel o : matches.others()) {
            putPreset(others.addObject().put("id", o.id()).put("name", o.name()), o);
        }
        root.put("complete", matches.complete());
        out.println(mapper.writeValueAsString(root));
    }

    private static void putPreset(ObjectNode entry, OfferedModel o) {
        entry.put("preset", o != null && o.preset());
        entry.put("base_model_id", o == null ? null : o.baseModelId().orElse(null));
    }
}
