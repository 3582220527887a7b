package dev.portal.scorecard.evaluation;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.events.Json;
import dev.portal.events.payload.ScorecardEvaluated;
import dev.portal.scorecard.ScorecardConfig;
import dev.portal.scorecard.cel.CelEngine;
import dev.portal.scorecard.definition.DefinitionRegistry;
import dev.portal.scorecard.definition.DefinitionSet;
import dev.portal.scorecard.definition.ScorecardDefinition;
import dev.portal.scorecard.store.ReadModel;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Re-evaluates a set of entities inside the caller's transaction: reads their inputs, runs the {@link Evaluator},
 * and for every entity whose outcome changed writes the result, a history row and an outbox event (so the event
 * commits, or rolls back, with the result it describes). Unchanged entities cost no write at all.
 *
 * <p>Each entity is locked first (a transaction-scoped advisory lock per ref, taken in ref order), so two
 * evaluations of one entity (a consumer and a background re-evaluation) run one after the other and the later one
 * reads the newer inputs.
 */
@ApplicationScoped
public class EvaluationService {

    private static final TypeReference<List<ScorecardResult.CheckResult>> CHECKS = new TypeReference<>() {
    };

    private final DefinitionRegistry registry;
    private final Evaluator evaluator;
    private final ScorecardConfig config;
    private final AtomicLong evaluated = new AtomicLong();

    public EvaluationService(DefinitionRegistry registry, CelEngine engine, ScorecardConfig config, MeterRegistry metrics) {
        this.registry = registry;
        this.evaluator = new Evaluator(engine);
        this.config = config;
        FunctionCounter.builder("portal.scorecard.evaluations", evaluated, AtomicLong::get)
                .description("Entities evaluated (whether or not their results changed)").register(metrics);
    }

    /** Entities evaluated since start, whether or not their results changed. */
    public long evaluated() {
        return evaluated.get();
    }

    public Evaluator evaluator() {
        return evaluator;
    }

    /** What a run did. */
    public record Outcome(int evaluated, int changed) {
    }

    public Outcome evaluate(Connection c, Collection<String> refs) throws SQLException {
        return evaluate(c, refs, registry.current(), Instant.now());
    }

    public Outcome evaluate(Connection c, Collection<String> refs, DefinitionSet definitions, Instant now)
            throws SQLException {
        if (refs.isEmpty()) {
            return new Outcome(0, 0);
        }
        List<String> sorted = new ArrayList<>(new TreeSet<>(refs));
        Map<String, EvaluationInput> inputs = loadInputs(c, sorted, now);
        Map<String, Map<String, Stored>> stored = loadResults(c, sorted);
        Writer writer = new Writer(c, now);
        int changed = 0;
        // Evaluation is pure and CPU-bound: a large batch (a re-evaluation) runs on every core, writes stay in order.
        Map<String, List<ScorecardResult>> computed = new java.util.concurrent.ConcurrentHashMap<>();
        (sorted.size() > 64 ? sorted.parallelStream() : sorted.stream()).forEach(ref -> {
            EvaluationInput input = inputs.get(ref);
            computed.put(ref, input == null ? List.of() : evaluator.evaluate(definitions, input, now));
        });
        for (String ref : sorted) {
            List<ScorecardResult> results = computed.get(ref);
            if (writer.apply(ref, results, stored.getOrDefault(ref, Map.of()), definitions)) {
                changed++;
            }
        }
        writer.flush();
        evaluated.addAndGet(sorted.size());
        return new Outcome(sorted.size(), changed);
    }

    /** Entities (locked), their owners, docs, live facts and live exemptions. */
    Map<String, EvaluationInput> loadInputs(Connection c, List<String> refs, Instant now) throws SQLException {
        Array refArray = c.createArrayOf("text", ReadModel.array(refs));
        Map<String, JsonNode> entities = new LinkedHashMap<>();
        Map<String, String> owners = new HashMap<>();
        // One evaluation of an entity at a time (a consumer and a background run): transaction-scoped advisory locks,
        // taken in ref order, cost no row writes (FOR UPDATE on 100,000 rows would dirty every page of the table).
        try (PreparedStatement lock = c.prepareStatement("""
                SELECT count(pg_advisory_xact_lock(hashtextextended('scorecard:' || r, 0)))
                FROM (SELECT r FROM unnest(?::text[]) r ORDER BY r) ordered""")) {
            lock.setArray(1, refArray);
            lock.executeQuery().close();
        }
        try (PreparedStatement select = c.prepareStatement(
                "SELECT ref, body::text, owner_ref FROM entity WHERE ref = ANY(?)")) {
            select.setArray(1, refArray);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entities.put(rows.getString(1), tree(rows.getString(2)));
                    if (rows.getString(3) != null) {
                        owners.put(rows.getString(1), rows.getString(3));
                    }
                }
            }
        }
        Map<String, JsonNode> ownerEntities = new HashMap<>();
        if (!owners.isEmpty()) {
            try (PreparedStatement select = c.prepareStatement("SELECT ref, body::text FROM entity WHERE ref = ANY(?)")) {
                select.setArray(1, c.createArrayOf("text", new TreeSet<>(owners.values()).toArray(String[]::new)));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ownerEntities.put(rows.getString(1), OwnerView.of(tree(rows.getString(2))));
                    }
                }
            }
        }
        Map<String, EvaluationInput.Docs> docs = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT ref, status, page_count, last_build_at, broken_links FROM docs WHERE ref = ANY(?)")) {
            select.setArray(1, refArray);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Timestamp last = rows.getTimestamp(4);
                    docs.put(rows.getString(1), new EvaluationInput.Docs(rows.getString(2), rows.getInt(3),
                            last == null ? null : last.toInstant(), rows.getInt(5)));
                }
            }
        }
        Map<String, Map<String, JsonNode>> facts = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT ref, source, facts::text FROM fact WHERE ref = ANY(?) AND observed_at >= ?")) {
            select.setArray(1, refArray);
            select.setTimestamp(2, Timestamp.from(now.minus(config.factRetention())));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    facts.computeIfAbsent(rows.getString(1), k -> new LinkedHashMap<>())
                            .put(rows.getString(2), tree(rows.getString(3)));
                }
            }
        }
        Map<String, List<EvaluationInput.Exemption>> exemptions = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement("""
                SELECT id::text, ref, check_id, justification, author, created_at, expires_at FROM exemption
                WHERE ref = ANY(?) AND expires_at > ? ORDER BY created_at""")) {
            select.setArray(1, refArray);
            select.setTimestamp(2, Timestamp.from(now));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    exemptions.computeIfAbsent(rows.getString(2), k -> new ArrayList<>()).add(new EvaluationInput.Exemption(
                            rows.getString(1), rows.getString(3), rows.getString(4), rows.getString(5),
                            rows.getTimestamp(6).toInstant(), rows.getTimestamp(7).toInstant()));
                }
            }
        }
        Map<String, EvaluationInput> inputs = new HashMap<>();
        for (Map.Entry<String, JsonNode> entity : entities.entrySet()) {
            String ref = entity.getKey();
            String owner = owners.get(ref);
            inputs.put(ref, new EvaluationInput(ref, entity.getValue(), docs.get(ref), facts.get(ref),
                    owner == null ? null : ownerEntities.get(owner), exemptions.get(ref)));
        }
        return inputs;
    }

    /** The inputs of one entity without locking or writing (dry runs). */
    public EvaluationInput input(Connection c, String ref, Instant now) throws SQLException {
        return loadInputs(c, List.of(ref), now).get(ref);
    }

    record Stored(String level, List<ScorecardResult.CheckResult> checks) {
    }

    private Map<String, Map<String, Stored>> loadResults(Connection c, List<String> refs) throws SQLException {
        Map<String, Map<String, Stored>> stored = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT ref, scorecard_id, level, checks::text FROM result WHERE ref = ANY(?)")) {
            select.setArray(1, c.createArrayOf("text", ReadModel.array(refs)));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    List<ScorecardResult.CheckResult> checks;
                    try {
                        checks = Json.mapper().readValue(rows.getString(4), CHECKS);
                    } catch (java.io.IOException e) {
                        checks = List.of();
                    }
                    stored.computeIfAbsent(rows.getString(1), k -> new HashMap<>())
                            .put(rows.getString(2), new Stored(rows.getString(3), checks));
                }
            }
        }
        return stored;
    }

    /** Batches the writes of one run. */
    private static final class Writer implements AutoCloseable {
        private final Timestamp at;
        private final Instant now;
        private final PreparedStatement upsert;
        private final PreparedStatement delete;
        private final PreparedStatement history;
        private final PreparedStatement outbox;

        Writer(Connection c, Instant now) throws SQLException {
            this.now = now;
            this.at = Timestamp.from(now);
            upsert = c.prepareStatement("""
                    INSERT INTO result (ref, scorecard_id, level, checks, evaluated_at, changed_at)
                    VALUES (?, ?, ?, ?::jsonb, ?, ?)
                    ON CONFLICT (ref, scorecard_id) DO UPDATE SET level = excluded.level, checks = excluded.checks,
                        evaluated_at = excluded.evaluated_at, changed_at = excluded.changed_at""");
            delete = c.prepareStatement("DELETE FROM result WHERE ref = ? AND scorecard_id = ?");
            history = c.prepareStatement("""
                    INSERT INTO result_history (ref, scorecard_id, at, level, previous_level, level_changed, changed_checks, removed)
                    VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?)""");
            outbox = c.prepareStatement("INSERT INTO outbox (ref, payload) VALUES (?, ?)");
        }

        /** @return whether the entity's results changed (then an event is queued) */
        boolean apply(String ref, List<ScorecardResult> results, Map<String, Stored> stored, DefinitionSet definitions)
                throws SQLException {
            boolean changed = false;
            Map<String, ScorecardResult> current = new LinkedHashMap<>();
            results.forEach(r -> current.put(r.scorecardId(), r));
            for (ScorecardResult result : results) {
                Stored before = stored.get(result.scorecardId());
                if (before != null && Objects.equals(before.level(), result.level()) && before.checks().equals(result.checks())) {
                    continue;
                }
                changed = true;
                upsert.setString(1, ref);
                upsert.setString(2, result.scorecardId());
                upsert.setString(3, result.level());
                upsert.setString(4, new String(Json.toBytes(result.checks()), StandardCharsets.UTF_8));
                upsert.setTimestamp(5, at);
                upsert.setTimestamp(6, at);
                upsert.addBatch();
                history(ref, result.scorecardId(), result.level(), before, result.checks(), false);
            }
            for (Map.Entry<String, Stored> old : stored.entrySet()) {
                if (!current.containsKey(old.getKey())) {
                    changed = true;
                    delete.setString(1, ref);
                    delete.setString(2, old.getKey());
                    delete.addBatch();
                    history(ref, old.getKey(), null, old.getValue(), List.of(), true);
                }
            }
            if (changed) {
                outbox.setString(1, ref);
                if (results.isEmpty()) {
                    outbox.setString(2, null); // no longer scored (deleted, or outside every filter): a tombstone
                } else {
                    List<ScorecardEvaluated.Result> payload = new ArrayList<>();
                    for (ScorecardResult result : results) {
                        ScorecardDefinition definition = definitions.scorecards().get(result.scorecardId());
                        payload.add(new ScorecardEvaluated.Result(result.scorecardId(),
                                definition == null ? result.scorecardId() : definition.title(), result.level(),
                                result.checks().stream().map(ch -> new ScorecardEvaluated.Check(ch.id(), ch.status().wire()))
                                        .toList()));
                    }
                    outbox.setString(2, new String(Json.toBytes(new ScorecardEvaluated(ref, now, payload)),
                            StandardCharsets.UTF_8));
                }
                outbox.addBatch();
            }
            return changed;
        }

        private void history(String ref, String scorecardId, String level, Stored before,
                             List<ScorecardResult.CheckResult> checks, boolean removed) throws SQLException {
            Map<String, CheckStatus> previous = new HashMap<>();
            if (before != null) {
                before.checks().forEach(ch -> previous.put(ch.id(), ch.status()));
            }
            ArrayNode changedChecks = Json.mapper().createArrayNode();
            for (ScorecardResult.CheckResult check : checks) {
                CheckStatus was = previous.remove(check.id());
                if (was != check.status()) {
                    ObjectNode change = changedChecks.addObject();
                    change.put("id", check.id());
                    change.put("status", check.status().wire());
                    change.put("previous", was == null ? null : was.wire());
                }
            }
            for (Map.Entry<String, CheckStatus> gone : previous.entrySet()) {
                ObjectNode change = changedChecks.addObject();
                change.put("id", gone.getKey());
                change.putNull("status");
                change.put("previous", gone.getValue().wire());
            }
            String previousLevel = before == null ? null : before.level();
            history.setString(1, ref);
            history.setString(2, scorecardId);
            history.setTimestamp(3, at);
            history.setString(4, level);
            history.setString(5, previousLevel);
            history.setBoolean(6, before == null || removed || !Objects.equals(previousLevel, level));
            history.setString(7, changedChecks.toString());
            history.setBoolean(8, removed);
            history.addBatch();
        }

        void flush() throws SQLException {
            upsert.executeBatch();
            delete.executeBatch();
            history.executeBatch();
            outbox.executeBatch();
            close();
        }

        @Override
        public void close() throws SQLException {
            upsert.close();
            delete.close();
            history.close();
            outbox.close();
        }
    }

    private static JsonNode tree(String json) {
        return Json.tree(json.getBytes(StandardCharsets.UTF_8));
    }
}
