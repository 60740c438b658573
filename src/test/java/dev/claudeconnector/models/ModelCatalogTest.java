package dev.claudeconnector.models;

import dev.claudeconnector.config.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCatalogTest {
    private final ModelCatalog catalog = new ModelCatalog(List.of(
            new ModelSpec("claude-sonnet-4.5", "claude-sonnet-4.5", 65536, false),
            new ModelSpec("claude-sonnet-4", "up-sonnet-4", 65536, false),
            new ModelSpec("claude-3.7-sonnet", "claude-3.7-sonnet", 65536, false),
            new ModelSpec("claude-3.5-sonnet", "claude-3.5-sonnet", 8192, false)), "claude-sonnet-4.5");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "claude-sonnet-4.5, claude-sonnet-4.5",
            "claude-sonnet-4-5, claude-sonnet-4.5",
            "claude-sonnet-4-5-20250929, claude-sonnet-4.5",
            "CLAUDE-SONNET-4-5, claude-sonnet-4.5",
            "claude-sonnet-4, claude-sonnet-4",
            "claude-sonnet-4-20250514, claude-sonnet-4",
            "claude-3-7-sonnet-20250219, claude-3.7-sonnet",
            "claude-3-7-sonnet-latest, claude-3.7-sonnet",
            "claude-3-5-sonnet-latest, claude-3.5-sonnet",
            "claude-3-5-sonnet-20241022, claude-3.5-sonnet",
            "us.anthropic.claude-sonnet-4-5-20250929-v1:0, claude-sonnet-4.5",
            "Claude Sonnet 4.5, claude-sonnet-4.5",
    })
    void spellingsOfACatalogModelResolveToIt(String requested, String expected) {
        ModelCatalog.Resolution r = catalog.resolve(requested);
        assertEquals(expected, r.model().name());
        assertFalse(r.fallback());
    }

    @ParameterizedTest
    @CsvSource({"claude-haiku-5-5", "claude-3-5-haiku-20241022", "claude-haiku-4-5"})
    void anyHaikuGoesToTheDefault(String requested) {
        ModelCatalog.Resolution r = catalog.resolve(requested);
        assertEquals("claude-sonnet-4.5", r.model().name());
        assertTrue(r.fallback());
    }

    @ParameterizedTest
    @CsvSource({"claude-opus-5-5", "claude-sonnet-5-5", "gpt-4o", "''"})
    void unknownIdsGoToTheDefault(String requested) {
        ModelCatalog.Resolution r = catalog.resolve(requested);
        assertEquals("claude-sonnet-4.5", r.model().name());
        assertTrue(r.fallback());
        assertEquals(requested, r.requested());
    }

    @Test
    void upstreamIdComesFromTheCatalog() {
        assertEquals("up-sonnet-4", catalog.resolve("claude-sonnet-4-0").model().upstreamId());
    }

    @Test
    void sonnet4AndSonnet45AreDifferentModels() {
        assertEquals("sonnet:4", ModelId.key("claude-sonnet-4-20250514").orElseThrow());
        assertEquals("sonnet:4.5", ModelId.key("claude-sonnet-4-5").orElseThrow());
        assertTrue(ModelId.key("gpt-4o").isEmpty());
    }
}
