package dev.claudeconnector.translate;

import dev.claudeconnector.json.JsonTrees;
import static dev.claudeconnector.translate.RequestShape.at;
import static dev.claudeconnector.translate.RequestShape.invalid;
import static dev.claudeconnector.translate.RequestShape.missing;
import static dev.claudeconnector.translate.RequestShape.optionalBoolean;
import static dev.claudeconnector.translate.RequestShape.optionalString;
import static dev.claudeconnector.translate.RequestShape.optionalText;
import static dev.claudeconnector.translate.RequestShape.requireNonEmptyString;
import static dev.claudeconnector.translate.RequestShape.requireObject;
import static dev.claudeconnector.translate.RequestShape.requireString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.Set;

/** Anthropic {@code tools} and {@code tool_choice} to their OpenAI function-calling forms. */
final class ToolDefinitions {
    private ToolDefinitions() {
    }

    /**
     * The upstream {@code tools} array, or null when no tool is left: an empty {@code tools: []}
     * makes some OpenAI-compatible servers answer 400.
     */
    static ArrayNode tools(JsonNode tools, Set<String> usedToolNames) {
        if (Json.absent(tools)) {
            return null;
        }
        if (!tools.isArray()) {
            throw invalid("tools", "must be an array of tool definitions, got " + Json.describe(tools));
        }
        ArrayNode out = JsonTrees.array();
        for (int i = 0; i < tools.size(); i++) {
            String path = at("tools", i);
            JsonNode tool = requireObject(tools.get(i), path);
            String type = optionalString(tool, "type", path);
            JsonNode schema = tool.get("input_schema");
            // Anthropic server tools (web_search_20250305, ...) run on Anthropic's side; the
            // upstream cannot run them, so offering them would only invite calls nobody answers.
            if (type != null && !type.equals("custom") && schema == null) {
                continue;
            }
            String name = requireNonEmptyString(tool, "name", path);
            usedToolNames.add(name);
            ObjectNode function = JsonTrees.object();
            function.put("name", ToolNames.upstreamNameOf(name));
            JsonNode description = optionalText(tool, "description", path);
            if (description != null) {
                function.set("description", description);
            }
            function.set("parameters", parameters(schema, path + ".input_schema"));
            ObjectNode entry = out.addObject();
            entry.put("type", "function");
            entry.set("function", function);
        }
        return out.isEmpty() ? null : out;
    }

    /**
     * The schema without {@code $schema} (OpenAI-style validators reject the draft URL), and always
     * an object schema: Claude Code's deferred tools send an empty schema, which upstreams refuse.
     * Only the top level is rebuilt; nested schemas are shared, not copied.
     */
    private static ObjectNode parameters(JsonNode schema, String path) {
        ObjectNode out = JsonTrees.object();
        if (!Json.absent(schema)) {
            if (!schema.isObject()) {
                throw invalid(path, "must be a JSON Schema object, got " + Json.describe(schema));
            }
            for (Map.Entry<String, JsonNode> field : schema.properties()) {
                if (!field.getKey().equals("$schema")) {
                    out.set(field.getKey(), field.getValue());
                }
            }
        }
        if (!out.has("type")) {
            out.put("type", "object");
        }
        if ("object".equals(Json.text(out, "type")) && !out.has("properties")) {
            out.putObject("properties");
        }
        return out;
    }

    /**
     * Applies {@code tool_choice} (and its {@code disable_parallel_tool_use}) to the body. It is
     * checked even when no tool is sent, as the Anthropic API does, but only set when tools are
     * sent: a tool_choice without tools is an upstream error.
     *
     * @param declaredTools the client's {@code tools}, as sent to the proxy
     * @param sentTools     what {@link #tools} made of them, or null when none is sent upstream
     */
    static void toolChoice(JsonNode choice, JsonNode declaredTools, ArrayNode sentTools, ObjectNode body) {
        if (Json.absent(choice)) {
            return;
        }
        String path = "tool_choice";
        requireObject(choice, path);
        String type = requireString(choice, "type", path);
        JsonNode upstreamChoice = switch (type) {
            case "auto" -> TextNode.valueOf("auto");
            case "any" -> TextNode.valueOf("required");
            case "none" -> TextNode.valueOf("none");
            case "tool" -> forcedTool(choice, path, declaredTools, sentTools);
            default -> throw invalid(path + ".type", "must be \"auto\", \"any\", \"tool\" or \"none\", got "
                    + Json.quote(type));
        };
        boolean serial = optionalBoolean(choice, "disable_parallel_tool_use", path, false);
        if (sentTools == null) {
            return;
        }
        body.set("tool_choice", upstreamChoice);
        if (serial) {
            body.put("parallel_tool_calls", false);
        }
    }

    /** {@code {"type":"tool","name":N}}: N must be one of the tools sent upstream. */
    private static ObjectNode forcedTool(JsonNode choice, String path, JsonNode declaredTools, ArrayNode sentTools) {
        String namePath = path + ".name";
        if (Json.absent(choice.get("name"))) {
            throw missing(namePath, "the name of the tool to use, one of the tools in tools");
        }
        String name = requireNonEmptyString(choice, "name", path);
        String upstreamName = ToolNames.upstreamNameOf(name);
        if (!hasFunction(sentTools, upstreamName)) {
            throw invalid(namePath, declares(declaredTools, name)
                    ? Json.quote(name) + " is a server tool, which runs on Anthropic's side; the upstream cannot be made to use it"
                    : "no tool named " + Json.quote(name) + " in tools");
        }
        ObjectNode forced = JsonTrees.object();
        forced.put("type", "function");
        forced.putObject("function").put("name", upstreamName);
        return forced;
    }

    private static boolean hasFunction(ArrayNode sentTools, String upstreamName) {
        if (sentTools != null) {
            for (JsonNode tool : sentTools) {
                if (upstreamName.equals(tool.path("function").path("name").textValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean declares(JsonNode declaredTools, String name) {
        if (declaredTools != null && declaredTools.isArray()) {
            for (JsonNode tool : declaredTools) {
                if (name.equals(tool.path("name").textValue())) {
                    return true;
                }
            }
        }
        return false;
    }
}
