package dev.portal.catalog.location;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.portal.catalog.entity.ProvidedLocationsChanged;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Registers the static locations of the configuration at start, then reads every location again on the refresh
 * interval. A read of unchanged files costs a conditional request (or a hash of a local file) and writes nothing.
 * Targets of Location entities that integrations provide are followed as soon as such an entity changes.
 */
@ApplicationScoped
public class LocationRefresher {

    private static final Logger LOG = Logger.getLogger(LocationRefresher.class);

    private final LocationService locations;
    private final ReadingConfig config;
    /** A pending wake-up: a provided Location entity changed (one is enough, however many changes came). */
    private final BlockingQueue<ProvidedLocationsChanged> providedChanged = new ArrayBlockingQueue<>(1);
    private volatile boolean running;
    private Thread thread;

    public LocationRefresher(LocationService locations, ReadingConfig config) {
        this.locations = locations;
        this.config = config;
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        thread = new Thread(this::run, "location-refresher");
        thread.setDaemon(true);
        thread.start();
    }

    /** After the write commits: the targets of provided Location entities are followed now, not at the next cycle. */
    void providedLocationsChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ProvidedLocationsChanged change) {
        providedChanged.offer(change);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run() {
        try {
            for (LocationRecord location : locations.syncStaticLocations()) {
                long started = System.nanoTime();
                LocationService.ReadSummary summary = locations.read(location);
                LOG.infof("Static location %s:%s read: %d entities, %d written, %d orphaned, %d errors in %d ms",
                        location.type, location.target, summary.emitted(), summary.written(), summary.orphaned(),
                        summary.errors().size(), (System.nanoTime() - started) / 1_000_000);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Reading the static locations failed: %s", e.toString());
        }
        long nextCycle = System.nanoTime() + config.refreshInterval().toNanos();
        while (running) {
            try {
                long wait = nextCycle - System.nanoTime();
                if (wait > 0 && providedChanged.poll(wait, TimeUnit.NANOSECONDS) != null) {
                    locations.followProvidedLocations().forEach(locations::read); // the rest keeps its schedule
                    continue;
                }
                locations.readAll();
                nextCycle = System.nanoTime() + config.refreshInterval().toNanos();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Refreshing locations failed: %s", e.toString());
            }
        }
    }
}
