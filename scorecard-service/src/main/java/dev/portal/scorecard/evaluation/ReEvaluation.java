package dev.portal.scorecard.evaluation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import dev.portal.scorecard.ScorecardConfig;
import dev.portal.scorecard.definition.DefinitionRegistry;
import dev.portal.scorecard.definition.DefinitionSet;
import dev.portal.scorecard.store.Db;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Re-evaluates everything a definition change touches, in the background, in batches of
 * {@code portal.scorecards.reevaluation-batch-size} entities per transaction, with progress
 * ({@code GET /api/scorecards/admin/evaluation}). A newer request supersedes a running one (it stops after its current
 * batch). At start, a run is requested when the stored results were computed with other definitions (a YAML file
 * changed while the service was down). Entity, docs and fact events keep being applied meanwhile: each evaluation
 * locks its entities, so whichever runs later reads the newer inputs.
 */
@ApplicationScoped
public class ReEvaluation {

    private static final Logger LOG = Logger.getLogger(ReEvaluation.class);

    private final Db db;
    private final EvaluationService evaluation;
    private final DefinitionRegistry registry;
    private final ScorecardConfig config;
    private final AtomicLong requests = new AtomicLong();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "scorecard-reevaluation");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Progress progress = new Progress("idle", null, 0, 0, 0, null, null, null, null);

    /** The state of the latest run: idle, running, done, superseded or failed. */
    public record Progress(String state, String reason, long total, long done, long changed, Instant startedAt,
                           Instant finishedAt, String definitionsVersion, String error) {
    }

    public ReEvaluation(Db db, EvaluationService evaluation, DefinitionRegistry registry, ScorecardConfig config) {
        this.db = db;
        this.evaluation = evaluation;
        this.registry = registry;
        this.config = config;
    }

    void start(@Observes StartupEvent startup) {
        DefinitionSet current = registry.current();
        String stored = db.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT definitions_version FROM evaluation_state");
                 ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        });
        if (!current.version().equals(stored)) {
            request(stored == null ? "first start" : "definitions changed since the last evaluation");
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        requests.incrementAndGet();
        executor.shutdownNow();
    }

    public Progress progress() {
        return progress;
    }

    /** Starts a re-evaluation of every entity (superseding a running one); returns at once. */
    public void request(String reason) {
        long id = requests.incrementAndGet();
        progress = new Progress("queued", reason, 0, 0, 0, Instant.now(), null, null, null);
        executor.submit(() -> run(id, reason));
    }

    private void run(long id, String reason) {
        if (id != requests.get()) {
            return; // a newer request is queued behind this one
        }
        Instant started = Instant.now();
        DefinitionSet definitions = registry.current();
        try {
            List<String> refs = db.read(c -> {
                List<String> all = new ArrayList<>();
                try (PreparedStatement select = c.prepareStatement(
                        "SELECT ref FROM entity UNION SELECT ref FROM result ORDER BY 1");
                     ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        all.add(rows.getString(1));
                    }
                }
                return all;
            });
            long done = 0;
            long changed = 0;
            progress = new Progress("running", reason, refs.size(), 0, 0, started, null, definitions.version(), null);
            int batch = Math.max(1, config.reevaluationBatchSize());
            for (int from = 0; from < refs.size(); from += batch) {
                if (id != requests.get()) {
                    progress = new Progress("superseded", reason, refs.size(), done, changed, started, Instant.now(),
                            definitions.version(), null);
                    return;
                }
                List<String> slice = refs.subList(from, Math.min(refs.size(), from + batch));
                Instant now = Instant.now();
                EvaluationService.Outcome outcome = db.transaction(c -> evaluation.evaluate(c, slice, definitions, now));
                done += outcome.evaluated();
                changed += outcome.changed();
                progress = new Progress("running", reason, refs.size(), done, changed, started, null,
                        definitions.version(), null);
            }
            db.transaction(c -> {
                try (PreparedStatement upsert = c.prepareStatement("""
                        INSERT INTO evaluation_state (id, definitions_version, updated_at) VALUES (1, ?, now())
                        ON CONFLICT (id) DO UPDATE SET definitions_version = excluded.definitions_version, updated_at = now()""")) {
                    upsert.setString(1, definitions.version());
                    upsert.executeUpdate();
                }
                return null;
            });
            progress = new Progress("done", reason, refs.size(), done, changed, started, Instant.now(),
                    definitions.version(), null);
            LOG.infof("Re-evaluated %d entities (%d changed) in %d ms: %s", done, changed,
                    java.time.Duration.between(started, Instant.now()).toMillis(), reason);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Re-evaluation failed: %s", e.getMessage());
            Progress p = progress;
            progress = new Progress("failed", reason, p.total(), p.done(), p.changed(), started, Instant.now(),
                    definitions.version(), e.getMessage());
        }
    }
}
