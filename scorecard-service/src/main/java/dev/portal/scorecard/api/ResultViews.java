package dev.portal.scorecard.api;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.events.Json;
import dev.portal.scorecard.definition.CheckDefinition;
import dev.portal.scorecard.definition.DefinitionSet;
import dev.portal.scorecard.definition.ScorecardDefinition;
import dev.portal.scorecard.evaluation.CheckStatus;
import dev.portal.scorecard.evaluation.EvaluationInput;
import dev.portal.scorecard.evaluation.ScorecardResult;
import dev.portal.scorecard.store.Db;
import dev.portal.scorecard.store.ReadModel;

/** Renders stored results in the shape the gateway depends on (README "Scorecards", GET /entities/...). */
@ApplicationScoped
public class ResultViews {

    private static final TypeReference<List<ScorecardResult.CheckResult>> CHECKS = new TypeReference<>() {
    };

    private final Db db;

    public ResultViews(Db db) {
        this.db = db;
    }

    private record Row(String scorecardId, String level, List<ScorecardResult.CheckResult> checks, Instant changedAt) {
    }

    /** One view per ref, in the order given. */
    public List<ObjectNode> entities(List<String> refs, DefinitionSet definitions) {
        Map<String, List<Row>> rows = new HashMap<>();
        Map<String, EvaluationInput.Exemption> exemptions = new HashMap<>();
        db.read(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT ref, scorecard_id, level, checks::text, changed_at FROM result WHERE ref = ANY(?)")) {
                select.setArray(1, c.createArrayOf("text", ReadModel.array(refs)));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        List<ScorecardResult.CheckResult> checks;
                        try {
                            checks = Json.mapper().readValue(rs.getString(4), CHECKS);
                        } catch (java.io.IOException e) {
                            checks = List.of();
                        }
                        rows.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(new Row(rs.getString(2), rs.getString(3), checks, rs.getTimestamp(5).toInstant()));
                    }
                }
            }
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT id::text, ref, check_id, justification, author, created_at, expires_at FROM exemption
                    WHERE ref = ANY(?)""")) {
                select.setArray(1, c.createArrayOf("text", ReadModel.array(refs)));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        exemptions.put(rs.getString(1), new EvaluationInput.Exemption(rs.getString(1), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant(),
                                rs.getTimestamp(7).toInstant()));
                    }
                }
            }
            return null;
        });
        List<ObjectNode> views = new ArrayList<>();
        List<String> order = new ArrayList<>(definitions.scorecards().keySet());
        for (String ref : refs) {
            ObjectNode view = Json.mapper().createObjectNode();
            view.put("entityRef", ref);
            ArrayNode scorecards = view.putArray("scorecards");
            List<Row> mine = new ArrayList<>(rows.getOrDefault(ref, List.of()));
            mine.sort((a, b) -> Integer.compare(index(order, a.scorecardId()), index(order, b.scorecardId())));
            for (Row row : mine) {
                ScorecardDefinition scorecard = definitions.scorecards().get(row.scorecardId());
                if (scorecard == null) {
                    continue; // deleted; its rows go with the background re-evaluation
                }
                scorecards.add(scorecardView(scorecard, row.level(), row.changedAt(), row.checks(), definitions, exemptions));
            }
            views.add(view);
        }
        return views;
    }

    private static int index(List<String> order, String id) {
        int i = order.indexOf(id);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    /** One scorecard's result for an entity (also used by dry runs, with exemptions looked up by id). */
    public static ObjectNode scorecardView(ScorecardDefinition scorecard, String level, Instant changedAt,
                                           List<ScorecardResult.CheckResult> checks, DefinitionSet definitions,
                                           Map<String, EvaluationInput.Exemption> exemptions) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("id", scorecard.id());
        node.put("title", scorecard.title());
        node.put("level", level);
        ArrayNode levels = node.putArray("levels");
        scorecard.levelNames().forEach(levels::add);
        node.put("lastChangedAt", changedAt == null ? null : changedAt.toString());
        ArrayNode out = node.putArray("checks");
        for (ScorecardResult.CheckResult check : checks) {
            CheckDefinition definition = definitions.checks().get(check.id());
            ObjectNode c = out.addObject();
            c.put("id", check.id());
            c.put("title", definition == null ? check.id() : definition.title());
            c.put("level", check.level());
            c.put("status", check.status().wire());
            c.put("message", check.message());
            c.put("remediation", check.status() == CheckStatus.PASS || definition == null ? null : definition.remediation());
            EvaluationInput.Exemption exemption = check.exemptionId() == null ? null : exemptions.get(check.exemptionId());
            if (exemption == null) {
                c.putNull("exemption");
            } else {
                ObjectNode e = c.putObject("exemption");
                e.put("id", exemption.id());
                e.put("justification", exemption.justification());
                e.put("author", exemption.author());
                e.put("expiresAt", exemption.expiresAt().toString());
            }
        }
        return node;
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
