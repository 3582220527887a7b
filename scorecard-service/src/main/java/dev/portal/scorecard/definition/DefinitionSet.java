package dev.portal.scorecard.definition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.portal.events.Json;
import dev.portal.scorecard.cel.CelEngine;
import dev.portal.scorecard.cel.CheckExpressionException;
import dev.portal.scorecard.cel.CompiledExpression;

/**
 * An immutable, validated set of checks and scorecards with every expression compiled once. {@link #version()} is a
 * hash of the definitions, so stored results can tell which set they were computed with.
 */
public final class DefinitionSet {

    private final Map<String, CheckDefinition> checks;
    private final Map<String, ScorecardDefinition> scorecards;
    private final Map<String, CompiledExpression> programs;
    private final String version;

    private DefinitionSet(Map<String, CheckDefinition> checks, Map<String, ScorecardDefinition> scorecards,
                          Map<String, CompiledExpression> programs) {
        this.checks = checks;
        this.scorecards = scorecards;
        this.programs = programs;
        this.version = hash(checks, scorecards);
    }

    /**
     * Validates and compiles.
     *
     * @param previous programs to reuse for unchanged expressions (may be null)
     * @throws DefinitionException for an expression that does not compile (with its position), a scorecard naming
     *                             an unknown check, or a check used twice in one scorecard
     */
    public static DefinitionSet of(Collection<CheckDefinition> checkList, Collection<ScorecardDefinition> scorecardList,
                                   CelEngine engine, DefinitionSet previous) {
        Map<String, CheckDefinition> checks = new LinkedHashMap<>();
        Map<String, CompiledExpression> programs = new LinkedHashMap<>();
        for (CheckDefinition check : checkList) {
            checks.put(check.id(), check);
            CompiledExpression reused = previous == null ? null : previous.programs.get(check.id());
            if (reused != null && reused.source().equals(check.expression())) {
                programs.put(check.id(), reused);
                continue;
            }
            try {
                programs.put(check.id(), engine.compile(check.expression()));
            } catch (CheckExpressionException e) {
                throw new DefinitionException("check \"" + check.id() + "\": invalid expression " + e.describe());
            }
        }
        Map<String, ScorecardDefinition> scorecards = new LinkedHashMap<>();
        for (ScorecardDefinition scorecard : scorecardList) {
            Set<String> seen = new HashSet<>();
            for (ScorecardDefinition.Level level : scorecard.levels()) {
                for (String checkId : level.checks()) {
                    if (!checks.containsKey(checkId)) {
                        throw new DefinitionException("scorecard \"" + scorecard.id() + "\", level \"" + level.name()
                                + "\": unknown check \"" + checkId + "\"");
                    }
                    if (!seen.add(checkId)) {
                        throw new DefinitionException("scorecard \"" + scorecard.id() + "\": check \"" + checkId
                                + "\" appears in more than one level");
                    }
                }
            }
            scorecards.put(scorecard.id(), scorecard);
        }
        return new DefinitionSet(Map.copyOf(checks), java.util.Collections.unmodifiableMap(scorecards), Map.copyOf(programs));
    }

    public Map<String, CheckDefinition> checks() {
        return checks;
    }

    public Map<String, ScorecardDefinition> scorecards() {
        return scorecards;
    }

    public CompiledExpression program(String checkId) {
        return programs.get(checkId);
    }

    public String version() {
        return version;
    }

    private static String hash(Map<String, CheckDefinition> checks, Map<String, ScorecardDefinition> scorecards) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            checks.keySet().stream().sorted().forEach(id -> digest.update(Json.toBytes(checks.get(id))));
            scorecards.keySet().stream().sorted().forEach(id -> digest.update(Json.toBytes(scorecards.get(id))));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The scorecards that use the check. */
    public Set<String> scorecardsUsing(String checkId) {
        Set<String> ids = new HashSet<>();
        scorecards.values().forEach(s -> {
            if (s.checkIds().contains(checkId)) {
                ids.add(s.id());
            }
        });
        return ids;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
