package dev.portal.scorecard.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.events.Json;
import dev.portal.scorecard.cel.CelEngine;
import dev.portal.scorecard.definition.CheckDefinition;
import dev.portal.scorecard.definition.DefinitionSet;
import dev.portal.scorecard.definition.EntityFilter;
import dev.portal.scorecard.definition.ScorecardDefinition;

/** The pure evaluation: levels (OpsLevel's rule), filters, exemptions, errors. */
class EvaluatorTest {

    private final CelEngine engine = new CelEngine(100_000, 10_000);
    private final Evaluator evaluator = new Evaluator(engine);
    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");

    private static CheckDefinition check(String id, String expression, EntityFilter filter) {
        return new CheckDefinition(id, id, null, "fix " + id, filter, expression);
    }

    private DefinitionSet set() {
        List<CheckDefinition> checks = List.of(
                check("b1", "entity.spec.b1 == true", null),
                check("s1", "entity.spec.s1 == true", null),
                check("s2", "entity.spec.s2 == true", new EntityFilter(List.of("component"), List.of("service"), null, null)),
                check("g1", "entity.spec.g1 == true", null));
        ScorecardDefinition card = new ScorecardDefinition("card", "Card", null,
                new EntityFilter(List.of("Component"), null, null, null),
                List.of(new ScorecardDefinition.Level("Bronze", List.of("b1")),
                        new ScorecardDefinition.Level("Silver", List.of("s1", "s2")),
                        new ScorecardDefinition.Level("Gold", List.of("g1"))));
        return DefinitionSet.of(checks, List.of(card), engine, null);
    }

    private ObjectNode component(String type, boolean b1, boolean s1, boolean s2, boolean g1) {
        ObjectNode entity = Json.mapper().createObjectNode();
        entity.put("kind", "Component");
        entity.putObject("metadata").put("name", "x");
        entity.putObject("spec").put("type", type).put("b1", b1).put("s1", s1).put("s2", s2).put("g1", g1);
        return entity;
    }

    private ScorecardResult run(ObjectNode entity, List<EvaluationInput.Exemption> exemptions) {
        List<ScorecardResult> results = evaluator.evaluate(set(),
                new EvaluationInput("component:default/x", entity, null, Map.of(), null, exemptions), now);
        return results.isEmpty() ? null : results.get(0);
    }

    @Test
    void theLevelIsTheHighestWhoseChecksAndAllLowerOnesPass() {
        assertEquals("Gold", run(component("service", true, true, true, true), List.of()).level());
        assertEquals("Silver", run(component("service", true, true, true, false), List.of()).level());
        assertEquals("Bronze", run(component("service", true, false, true, true), List.of()).level());
        // Gold's check passes, but a lower level fails: Gold is not reached
        assertNull(run(component("service", false, true, true, true), List.of()).level());
    }

    @Test
    void checksOutsideTheirFilterAreLeftOutAndEntitiesOutsideTheScorecardAreNotScored() {
        ScorecardResult website = run(component("website", true, true, false, true), List.of());
        assertEquals("Gold", website.level()); // s2 applies to services only
        assertTrue(website.checks().stream().noneMatch(c -> c.id().equals("s2")));
        ObjectNode api = component("service", true, true, true, true);
        api.put("kind", "API");
        assertNull(run(api, List.of()));
    }

    @Test
    void anUnexpiredExemptionCountsAsPassingAndAnExpiredOneDoesNot() {
        var exemption = new EvaluationInput.Exemption("e1", "s1", "migrating", "user:default/alice", now.minusSeconds(60),
                now.plusSeconds(60));
        ScorecardResult exempted = run(component("service", true, false, true, true), List.of(exemption));
        assertEquals("Gold", exempted.level());
        assertEquals(CheckStatus.EXEMPT, exempted.checks().stream().filter(c -> c.id().equals("s1")).findFirst().get().status());
        var expired = new EvaluationInput.Exemption("e2", "s1", "migrating", "user:default/alice", now.minusSeconds(60),
                now.minusSeconds(1));
        assertEquals("Bronze", run(component("service", true, false, true, true), List.of(expired)).level());
    }

    @Test
    void anExpressionErrorIsRecordedForThatCheckOnly() {
        ObjectNode entity = component("service", true, true, true, true);
        ((ObjectNode) entity.get("spec")).remove("s1");
        ScorecardResult result = run(entity, List.of());
        ScorecardResult.CheckResult s1 = result.checks().stream().filter(c -> c.id().equals("s1")).findFirst().get();
        assertEquals(CheckStatus.ERROR, s1.status());
        assertTrue(s1.message().contains("s1"), s1.message());
        assertEquals(CheckStatus.PASS, result.checks().stream().filter(c -> c.id().equals("g1")).findFirst().get().status());
        assertEquals("Bronze", result.level());
    }
}
