package dev.portal.techdocs.site;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.portal.techdocs.config.TechDocsConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Docs change without their entity changing (an edited page is not a catalog change): every refresh interval each
 * locally built site's source is fetched and hashed again, and rebuilt only if the hash differs.
 */
@ApplicationScoped
public class DocsRefresher {

    private static final Logger LOG = Logger.getLogger(DocsRefresher.class);

    private final DocsService docs;
    private final SiteRepository repository;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    public DocsRefresher(DocsService docs, SiteRepository repository, TechDocsConfig config) {
        this.docs = docs;
        this.repository = repository;
        this.interval = config.refreshInterval();
    }

    void start(@Observes StartupEvent startup) {
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "techdocs-refresher");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::refreshAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Checks every locally built site once; returns how many were rebuilt. */
    public int refreshAll() {
        int rebuilt = 0;
        try {
            for (String ref : repository.locallyBuiltEntities()) {
                if (docs.build(ref, false, line -> { }) == DocsService.Outcome.BUILT) {
                    rebuilt++;
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Docs refresh stopped early: %s", e.toString());
        }
        return rebuilt;
    }
}
