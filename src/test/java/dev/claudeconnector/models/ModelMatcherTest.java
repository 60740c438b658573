package dev.claudeconnector.models;

import dev.claudeconnector.config.ModelSpec;
import dev.claudeconnector.models.ModelMatcher.Match;
import dev.claudeconnector.models.ModelMatcher.Matches;
import dev.claudeconnector.models.ModelMatcher.Status;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per matching rule of {@link ModelMatcher}. */
class ModelMatcherTest {
    private static final ModelSpec SONNET_45 = new ModelSpec("claude-sonnet-4.5", "claude-sonnet-4.5", 65536, false);
    private static final ModelSpec SONNET_4 = new ModelSpec("claude-sonnet-4", "claude-sonnet-4", 65536, false);
    private static final ModelSpec SONNET_37 = new ModelSpec("claude-3.7-sonnet", "claude-3.7-sonnet", 65536, false);

    private static final OfferedModel BEDROCK_45 = new OfferedModel("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "Claude Sonnet 4.5");
    private static final OfferedModel BEDROCK_4 = new OfferedModel("us.anthropic.claude-sonnet-4-20250514-v1:0", "Claude Sonnet 4");
    private static final OfferedModel GPT = new OfferedModel("gpt-4o", "GPT-4o");

    private static Match only(List<ModelSpec> specs, List<OfferedModel> offered) {
        return ModelMatcher.match(specs, offered).catalog().getFirst();
    }

    @Test
    void anUpstreamIdListedExactlyIsOffered() {
        Match m = only(List.of(SONNET_45), List.of(BEDROCK_45, new OfferedModel("claude-sonnet-4.5", "Sonnet")));
        assertEquals(Status.OFFERED, m.status());
        assertEquals("claude-sonnet-4.5", m.upstreamIdToUse());
    }

    @Test
    void aBedrockIdOfTheSameModelIsMatched() {
        Match m = only(List.of(SONNET_45), List.of(GPT, BEDROCK_4, BEDROCK_45));
        assertEquals(Status.MATCHED, m.status());
        assertEquals(BEDROCK_45.id(), m.upstreamIdToUse());
        assertFalse(m.byName());
    }

    @Test
    void anOpaqueIdIsMatchedByItsDisplayName() {
        OfferedModel named = new OfferedModel("a1b2c3-workspace-model", "Claude Sonnet 4.5");
        Match m = only(List.of(SONNET_45), List.of(GPT, named));
        assertEquals(Status.MATCHED, m.status());
        assertEquals("a1b2c3-workspace-model", m.upstreamIdToUse());
        assertTrue(m.byName());
    }

    @Test
    void anIdMatchBeatsANameMatch() {
        OfferedModel named = new OfferedModel("aaa", "Claude Sonnet 4.5");
        assertEquals(BEDROCK_45.id(), only(List.of(SONNET_45), List.of(named, BEDROCK_45)).upstreamIdToUse());
    }

    @Test
    void neverAcrossVersionsSonnet4IsNotSonnet45() {
        Match m = only(List.of(SONNET_45), List.of(BEDROCK_4, new OfferedModel("x", "Claude Sonnet 4")));
        assertEquals(Status.MISSING, m.status());
        assertTrue(m.offered().isEmpty());
        assertEquals(Status.MISSING, only(List.of(SONNET_4), List.of(BEDROCK_45)).status());
    }

    @Test
    void neverAcrossFamilies() {
        OfferedModel opus = new OfferedModel("us.anthropic.claude-opus-4-5-20251101-v1:0", "Claude Opus 4.5");
        assertEquals(Status.MISSING, only(List.of(SONNET_45), List.of(opus)).status());
    }

    @Test
    void variantsAndPresetsAreNotPlainlyTheModel() {
        List<OfferedModel> offered = List.of(
                new OfferedModel("claude-sonnet-4-5-thinking", "Claude Sonnet 4.5 Thinking"),
                new OfferedModel("reviewer", "Claude Sonnet 4.5 Code Reviewer"));
        assertEquals(Status.MISSING, only(List.of(SONNET_45), offered).status());
    }

    /** An Open WebUI workspace model: {@code "preset": true} and its base model in {@code info.base_model_id}. */
    private static OfferedModel preset(String id, String name, String baseModelId) {
        return new OfferedModel(id, name, true, Optional.ofNullable(baseModelId));
    }

    @Test
    void aPresetThatLooksLikeTheModelLosesToTheBaseModel() {
        // Undated and plain, the preset's id would otherwise be the newest-looking spelling.
        OfferedModel lookalike = preset("claude-sonnet-4-5", "Claude Sonnet 4.5", BEDROCK_45.id());
        Matches matches = ModelMatcher.match(List.of(SONNET_45), List.of(lookalike, BEDROCK_45));
        assertEquals(Status.MATCHED, matches.catalog().getFirst().status());
        assertEquals(BEDROCK_45.id(), matches.catalog().getFirst().upstreamIdToUse());
        assertEquals(List.of(lookalike), matches.others());
    }

    @Test
    void aPresetAloneIsNeverPickedSoTheModelIsMissing() {
        // The base model itself is not offered (e.g. hidden from this user): a preset is no stand-in for it,
        // whether the list flags it, names its base only, or both.
        List<OfferedModel> presets = List.of(
                preset("claude-sonnet-4-5", "Claude Sonnet 4.5", null),
                new OfferedModel("us.anthropic.claude-sonnet-4-5-20250929-v1:0-team", "Claude Sonnet 4.5", false,
                        Optional.of(BEDROCK_45.id())),
                preset("ws-1234", "Claude Sonnet 4.5", BEDROCK_45.id()));
        assertTrue(presets.get(1).preset(), "a base model id alone marks a preset");
        Matches matches = ModelMatcher.match(List.of(SONNET_45), presets);
        assertEquals(Status.MISSING, matches.catalog().getFirst().status());
        assertTrue(matches.adoptions().isEmpty());
        assertEquals(presets, matches.others());
    }

    @Test
    void aPresetTheCatalogNamesExactlyIsOffered() {
        OfferedModel reviewer = preset("sonnet-reviewer", "Sonnet Reviewer", BEDROCK_45.id());
        ModelSpec spec = new ModelSpec("claude-sonnet-4.5", "sonnet-reviewer", 65536, false);
        Match m = only(List.of(spec), List.of(BEDROCK_45, reviewer));
        assertEquals(Status.OFFERED, m.status());
        assertEquals("sonnet-reviewer", m.upstreamIdToUse());
        assertTrue(m.offered().orElseThrow().preset());
    }

    @Test
    void aModelNobodyOffersIsMissing() {
        Matches matches = ModelMatcher.match(List.of(SONNET_45, SONNET_37), List.of(BEDROCK_45, GPT));
        assertEquals(Status.MATCHED, matches.catalog().get(0).status());
        assertEquals(Status.MISSING, matches.catalog().get(1).status());
        assertEquals("claude-3.7-sonnet", matches.catalog().get(1).upstreamIdToUse());
        assertFalse(matches.complete());
        assertEquals(Map.of("claude-sonnet-4.5", BEDROCK_45.id()), matches.adoptions());
    }

    @Test
    void offeredModelsNoCatalogEntryUsesAreListedInTheUpstreamsOrder() {
        OfferedModel haiku = new OfferedModel("us.anthropic.claude-haiku-4-5-20251001-v1:0", "Claude Haiku 4.5");
        Matches matches = ModelMatcher.match(List.of(SONNET_45, SONNET_4),
                List.of(GPT, BEDROCK_45, haiku, new OfferedModel("claude-sonnet-4", ""), GPT));
        assertEquals(List.of(GPT, haiku), matches.others());
        assertTrue(matches.complete());
        assertEquals(Map.of("claude-sonnet-4.5", BEDROCK_45.id()), matches.adoptions(), "an offered entry needs no adoption");
    }

    @Test
    void amongSeveralSpellingsTheNewestLookingWins() {
        OfferedModel june = new OfferedModel("anthropic.claude-3-5-sonnet-20240620-v1:0", "");
        OfferedModel october = new OfferedModel("anthropic.claude-3-5-sonnet-20241022-v2:0", "");
        ModelSpec sonnet35 = new ModelSpec("claude-3.5-sonnet", "claude-3.5-sonnet", 8192, false);
        assertEquals(october.id(), only(List.of(sonnet35), List.of(june, october)).upstreamIdToUse());

        OfferedModel v1 = new OfferedModel("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "");
        OfferedModel v2 = new OfferedModel("eu.anthropic.claude-sonnet-4-5-20250929-v2:0", "");
        assertEquals(v2.id(), only(List.of(SONNET_45), List.of(v1, v2)).upstreamIdToUse());

        OfferedModel alias = new OfferedModel("claude-sonnet-4-5", "");
        assertEquals(alias.id(), only(List.of(SONNET_45), List.of(v1, alias)).upstreamIdToUse(),
                "an undated id is the alias of the newest snapshot");

        OfferedModel us = new OfferedModel("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "");
        OfferedModel global = new OfferedModel("global.anthropic.claude-sonnet-4-5-20250929-v1:0", "");
        OfferedModel eu = new OfferedModel("eu.anthropic.claude-sonnet-4-5-20250929-v1:0", "");
        assertEquals(us.id(), only(List.of(SONNET_45), List.of(global, us, eu)).upstreamIdToUse(),
                "then the shortest, then the upstream's order");
    }

    @Test
    void aNonClaudeUpstreamIdFallsBackToTheCatalogNamesModel() {
        ModelSpec custom = new ModelSpec("claude-sonnet-4.5", "my-gateway-model", 65536, false);
        assertEquals(BEDROCK_45.id(), only(List.of(custom), List.of(BEDROCK_45)).upstreamIdToUse());
    }

    @Test
    void theUpstreamIdDecidesWhenItNamesAnotherVersionThanTheAlias() {
        ModelSpec pinned = new ModelSpec("claude-sonnet-4.5", "claude-sonnet-4", 65536, false);
        Match m = only(List.of(pinned), List.of(BEDROCK_45, BEDROCK_4));
        assertEquals(BEDROCK_4.id(), m.upstreamIdToUse());
    }

    @Test
    void theCatalogAdoptsMatchedIds() {
        ModelCatalog catalog = new ModelCatalog(List.of(SONNET_45, SONNET_4), "claude-sonnet-4.5");
        assertEquals(SONNET_45.upstreamId(), catalog.resolve("claude-sonnet-4-5").model().upstreamId(), "remembered before");
        catalog.useUpstreamIds(ModelMatcher.match(catalog.models(), List.of(BEDROCK_45, BEDROCK_4)).adoptions());
        assertEquals(BEDROCK_45.id(), catalog.resolve("claude-sonnet-4-5").model().upstreamId());
        assertEquals(BEDROCK_4.id(), catalog.resolve("claude-sonnet-4-20250514").model().upstreamId());
        assertEquals(BEDROCK_45.id(), catalog.resolve("claude-haiku-4-5").model().upstreamId(), "the default follows");
        assertEquals(65536, catalog.find("claude-sonnet-4").orElseThrow().maxTokens());
        assertThrows(IllegalArgumentException.class, () -> catalog.useUpstreamIds(Map.of("gpt-4o", "x")));
    }
}
