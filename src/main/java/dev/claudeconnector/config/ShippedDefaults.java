package dev.claudeconnector.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudeconnector.json.JsonTrees;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.spi.ConfigNode;
import io.helidon.config.spi.ConfigSource;
import io.helidon.config.yaml.YamlConfigParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shipped defaults, {@code config/agent.yaml}, as the build writes them beside it in the jar:
 * {@code config/agent.json} ({@link #main}, run by the build once the classes are compiled). A start
 * reads that with Jackson, which the proxy has loaded anyway, so no YAML parser is loaded unless a
 * config file of the user's is read (SnakeYAML: ~150 classes, ~1 MB of a running proxy, README).
 * Every value is kept as the text YAML gave it, so both read the same.
 */
public final class ShippedDefaults {
    static final String YAML = "config/agent.yaml";
    static final String JSON = "config/agent.json";

    private ShippedDefaults() {
    }

    /** The defaults from the jar: its JSON, or its YAML where the build did not write one (a run from an IDE). */
    static ConfigSource source() {
        try (InputStream json = ShippedDefaults.class.getClassLoader().getResourceAsStream(JSON)) {
            if (json == null) {
                return ConfigSources.classpath(YAML).build();
            }
            return ConfigSources.create(object(JsonTrees.read(json)));
        } catch (IOException e) {
            throw new UncheckedIOException("the jar's " + JSON + " is unreadable: rebuild the jar", e);
        }
    }

    /** The build's step: {@code ShippedDefaults <agent.yaml> <agent.json>}. */
    public static void main(String[] args) throws IOException {
        Config yaml = Config.builder(ConfigSources.file(Path.of(args[0])))
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .disableParserServices()
                .addParser(YamlConfigParser.create())
                .build();
        Files.write(Path.of(args[1]), JsonTrees.bytes(json(yaml)));
    }

    private static JsonNode json(Config node) {
        return switch (node.type()) {
            case OBJECT -> {
                ObjectNode object = JsonTrees.object();
                node.asNodeList().get().forEach(child -> object.set(child.name(), json(child)));
                yield object;
            }
            case LIST -> {
                ArrayNode list = JsonTrees.array();
                node.asNodeList().get().forEach(item -> list.add(json(item)));
                yield list;
            }
            case VALUE -> JsonTrees.object().textNode(node.asString().get());
            case MISSING -> throw new IllegalArgumentException("no such node: " + node.key());
        };
    }

    private static ConfigNode.ObjectNode object(JsonNode json) {
        ConfigNode.ObjectNode.Builder object = ConfigNode.ObjectNode.builder();
        json.properties().forEach(e -> object.addNode(e.getKey(), node(e.getValue())));
        return object.build();
    }

    private static ConfigNode node(JsonNode json) {
        if (json.isObject()) {
            return object(json);
        }
        if (json.isArray()) {
            ConfigNode.ListNode.Builder list = ConfigNode.ListNode.builder();
            json.forEach(item -> {
                switch (node(item)) {
                    case ConfigNode.ObjectNode o -> list.addObject(o);
                    case ConfigNode.ListNode l -> list.addList(l);
                    case ConfigNode.ValueNode v -> list.addValue(v);
                    default -> throw new IllegalArgumentException("unexpected node " + item);
                }
            });
            return list.build();
        }
        return ConfigNode.ValueNode.create(json.asText());
    }
}
