package dev.portal.scorecard.evaluation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.portal.scorecard.ScorecardConfig;
import dev.portal.scorecard.store.Db;
import dev.portal.scorecard.store.ReadModel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Time moves results too: every {@code portal.scorecards.sweep-interval} this re-evaluates entities whose exemption
 * expired (auditing the expiry) and drops facts older than the retention (re-evaluating their entities).
 */
@ApplicationScoped
public class ExpirySweeper {

    private static final Logger LOG = Logger.getLogger(ExpirySweeper.class);

    private final Db db;
    private final EvaluationService evaluation;
    private final ScorecardConfig config;
    private ScheduledExecutorService scheduler;

    public ExpirySweeper(Db db, EvaluationService evaluation, ScorecardConfig config) {
        this.db = db;
        this.evaluation = evaluation;
        this.config = config;
    }

    void start(@Observes StartupEvent startup) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "scorecard-expiry-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(100, config.sweepInterval().toMillis());
        scheduler.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private void sweepQuietly() {
        try {
            sweep(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("Expiry sweep failed (%s); next one in %s", e.toString(), config.sweepInterval());
        }
    }

    /** @return the number of entities re-evaluated */
    public int sweep(Instant now) {
        return db.transaction(c -> {
            Set<String> refs = new LinkedHashSet<>();
            try (PreparedStatement expired = c.prepareStatement("""
                    UPDATE exemption SET expiry_handled = true WHERE NOT expiry_handled AND expires_at <= ?
                    RETURNING id, ref, check_id, expires_at""")) {
                expired.setTimestamp(1, java.sql.Timestamp.from(now));
                try (ResultSet rows = expired.executeQuery();
                     PreparedStatement audit = c.prepareStatement("""
                             INSERT INTO exemption_audit (exemption_id, action, actor, ref, check_id, detail)
                             VALUES (?, 'expired', 'system', ?, ?, jsonb_build_object('expiresAt', ?::text))""")) {
                    while (rows.next()) {
                        refs.add(rows.getString(2));
                        audit.setObject(1, rows.getObject(1));
                        audit.setString(2, rows.getString(2));
                        audit.setString(3, rows.getString(3));
                        audit.setString(4, rows.getTimestamp(4).toInstant().toString());
                        audit.addBatch();
                    }
                    audit.executeBatch();
                }
            }
            refs.addAll(ReadModel.expireFacts(c, now.minus(config.factRetention())));
            evaluation.evaluate(c, refs);
            return refs.size();
        });
    }
}
