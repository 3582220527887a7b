package dev.portal.scorecard.evaluation;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cel.common.values.NullValue;
import dev.portal.scorecard.cel.CelEngine;
import dev.portal.scorecard.cel.CheckEvaluationException;
import dev.portal.scorecard.definition.CheckDefinition;
import dev.portal.scorecard.definition.DefinitionSet;
import dev.portal.scorecard.definition.ScorecardDefinition;

/**
 * The pure heart of the service: (definitions, entity, docs, facts, owner, exemptions, now) → results. No I/O, so
 * it runs the same for one changed entity and for 100,000 in bulk.
 *
 * <p>Rules: a scorecard scores only entities matching its filter; a check whose own filter does not match is left
 * out of that entity's result; an exemption not yet expired makes a check {@code exempt} (passing) without running
 * it; an expression that fails on the entity is {@code error} (not passing) with the message, and never stops the
 * other checks. The level is the highest one whose checks — and those of every lower level — all pass (OpsLevel).
 */
public final class Evaluator {

    private final CelEngine engine;

    public Evaluator(CelEngine engine) {
        this.engine = engine;
    }

    public List<ScorecardResult> evaluate(DefinitionSet definitions, EvaluationInput input, Instant now) {
        return evaluate(definitions, definitions.scorecards().values(), input, now);
    }

    public List<ScorecardResult> evaluate(DefinitionSet definitions, Iterable<ScorecardDefinition> scorecards,
                                          EvaluationInput input, Instant now) {
        List<ScorecardResult> results = new ArrayList<>();
        Map<String, Object> variables = null;
        Map<String, CheckOutcome> outcomes = new HashMap<>(); // a check shared by two scorecards runs once
        for (ScorecardDefinition scorecard : scorecards) {
            if (!scorecard.filter().matches(input.entity())) {
                continue;
            }
            List<ScorecardResult.CheckResult> checks = new ArrayList<>();
            String reached = null;
            boolean allPassedSoFar = true;
            for (ScorecardDefinition.Level level : scorecard.levels()) {
                boolean levelPasses = true;
                for (String checkId : level.checks()) {
                    CheckDefinition check = definitions.checks().get(checkId);
                    if (check == null || !check.filter().matches(input.entity())) {
                        continue;
                    }
                    CheckOutcome outcome = outcomes.get(checkId);
                    if (outcome == null) {
                        EvaluationInput.Exemption exemption = activeExemption(input, checkId, now);
                        if (exemption != null) {
                            outcome = new CheckOutcome(CheckStatus.EXEMPT, null, exemption.id());
                        } else {
                            if (variables == null) {
                                variables = variables(input);
                            }
                            outcome = run(definitions, checkId, variables);
                        }
                        outcomes.put(checkId, outcome);
                    }
                    checks.add(new ScorecardResult.CheckResult(checkId, level.name(), outcome.status(), outcome.message(),
                            outcome.exemptionId()));
                    levelPasses &= outcome.status().passing();
                }
                allPassedSoFar &= levelPasses;
                if (allPassedSoFar) {
                    reached = level.name();
                }
            }
            results.add(new ScorecardResult(scorecard.id(), reached, List.copyOf(checks)));
        }
        return results;
    }

    private CheckOutcome run(DefinitionSet definitions, String checkId, Map<String, Object> variables) {
        try {
            boolean passed = engine.evaluate(definitions.program(checkId), variables);
            return new CheckOutcome(passed ? CheckStatus.PASS : CheckStatus.FAIL, null, null);
        } catch (CheckEvaluationException e) {
            return new CheckOutcome(CheckStatus.ERROR, e.getMessage(), null);
        }
    }

    private static EvaluationInput.Exemption activeExemption(EvaluationInput input, String checkId, Instant now) {
        for (EvaluationInput.Exemption exemption : input.exemptions()) {
            if (exemption.checkId().equals(checkId) && exemption.expiresAt().isAfter(now)) {
                return exemption;
            }
        }
        return null;
    }

    /** The CEL variables for an entity. */
    public static Map<String, Object> variables(EvaluationInput input) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("entity", CelEngine.toCel(input.entity()));
        Map<String, Object> docs = new LinkedHashMap<>();
        EvaluationInput.Docs d = input.docs();
        docs.put("status", d == null ? "none" : d.status());
        docs.put("pageCount", d == null ? 0L : (long) d.pageCount());
        docs.put("brokenLinks", d == null ? 0L : (long) d.brokenLinks());
        docs.put("lastBuildAt", d == null || d.lastBuildAt() == null ? NullValue.NULL_VALUE
                : DateTimeFormatter.ISO_INSTANT.format(d.lastBuildAt()));
        variables.put("docs", docs);
        Map<String, Object> facts = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> source : input.facts().entrySet()) {
            facts.put(source.getKey(), CelEngine.toCel(source.getValue()));
        }
        variables.put("facts", facts);
        variables.put("owner", input.owner() == null ? Map.of() : CelEngine.toCel(input.owner()));
        return variables;
    }

    private record CheckOutcome(CheckStatus status, String message, String exemptionId) {
    }
}
