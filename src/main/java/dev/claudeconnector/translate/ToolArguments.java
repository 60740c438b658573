package dev.claudeconnector.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudeconnector.json.JsonTrees;

/** A complete tool-call {@code arguments} string to the Anthropic {@code input} object. */
final class ToolArguments {
    static final String RAW_FIELD = "_raw_arguments";

    private ToolArguments() {
    }

    /**
     * Empty arguments mean a call without parameters ({@code {}}); arguments that are not a JSON
     * object are kept whole under {@value #RAW_FIELD}, so nothing the model wrote is lost and the
     * tool's own validation tells the model what went wrong.
     */
    static ObjectNode parse(JsonNode arguments) {
        if (arguments != null && arguments.isObject()) {
            return (ObjectNode) arguments; // some servers send the object itself
        }
        String text = arguments == null || arguments.isNull() ? "" : arguments.isTextual()
                ? arguments.textValue() : JsonTrees.text(arguments);
        if (text.isBlank()) {
            return JsonTrees.object();
        }
        JsonNode parsed = JsonTrees.readLenient(text);
        if (parsed != null && parsed.isObject()) {
            return (ObjectNode) parsed;
        }
        ObjectNode raw = JsonTrees.object();
        raw.put(RAW_FIELD, text);
        return raw;
    }
}
