package dev.claudeconnector.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShippedDefaultsTest {
    /** What the jar's JSON gives is what the repository's {@code config/agent.yaml} says, key for key. */
    @Test
    void theJarsJsonHoldsEveryValueOfTheYaml() {
        assertTrue(ShippedDefaults.class.getClassLoader().getResource(ShippedDefaults.JSON) != null,
                "the build wrote " + ShippedDefaults.JSON);
        Map<String, String> yaml = leaves(ConfigSources.file(Path.of(ShippedDefaults.YAML)).build());
        Map<String, String> json = leaves(ShippedDefaults.source());
        assertTrue(yaml.containsKey("models.catalog.3.max-tokens"), yaml.toString());
        assertEquals(yaml, json);
    }

    /** The build's step itself: a list of objects, an empty value and the YAML's order survive. */
    @Test
    void theBuildStepKeepsListsOrderAndEmptyValues(@TempDir Path dir) throws Exception {
        Path yaml = Files.writeString(dir.resolve("a.yaml"), """
                a:
                  empty: ""
                  flag: true
                  list:
                    - name: z
                      n: 1
                    - name: y
                    - plain
                """);
        Path json = dir.resolve("a.json");
        ShippedDefaults.main(new String[] {yaml.toString(), json.toString()});
        assertEquals("{\"a\":{\"empty\":\"\",\"flag\":\"true\",\"list\":[{\"n\":\"1\",\"name\":\"z\"},{\"name\":\"y\"},\"plain\"]}}",
                sortedKeys(Files.readString(json)));
    }

    private static Map<String, String> leaves(ConfigSource source) {
        Config config = Config.builder(source).disableEnvironmentVariablesSource().disableSystemPropertiesSource().build();
        Map<String, String> leaves = new TreeMap<>();
        config.traverse().filter(c -> c.type() == Config.Type.VALUE)
                .forEach(c -> leaves.put(c.key().toString(), c.asString().get()));
        return leaves;
    }

    /** The JSON with each object's keys in order (the build keeps what YAML gives, not its key order). */
    private static String sortedKeys(String json) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .writeValueAsString(new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, TreeMap.class));
    }
}
