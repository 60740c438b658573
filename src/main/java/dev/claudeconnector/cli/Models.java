package dev.claudeconnector.cli;

import dev.claudeconnector.config.ModelSpec;
import dev.claudeconnector.config.Settings;
import dev.claudeconnector.models.ModelCatalog;

import java.util.stream.Collectors;

/** Model checks the commands share. */
final class Models {
    private Models() {
    }

    /**
     * The catalog name for a model the user typed (any spelling the catalog understands), or an
     * error listing the available ones: Claude is never started with a model the proxy would
     * silently replace.
     */
    static String requireInCatalog(Settings settings, String model) {
        ModelCatalog catalog = new ModelCatalog(settings.models(), settings.defaultModel());
        return catalog.find(model).map(ModelSpec::name).orElseThrow(() -> new IllegalArgumentException(
                "model '" + model + "' is not in the catalog; available: " + settings.models().stream()
                        .map(ModelSpec::name).collect(Collectors.joining(", "))
                        + " (config/agent.yaml models.catalog)"));
    }
}
