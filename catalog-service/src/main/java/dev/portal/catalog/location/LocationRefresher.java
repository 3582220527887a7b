package dev.portal.catalog.location;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Registers the static locations of the configuration at start, then reads every location again on the refresh
 * interval. A read of unchanged files costs a conditional request (or a hash of a local file) and writes nothing.
 */
@ApplicationScoped
public class LocationRefresher {

    private static final Logger LOG = Logger.getLogger(LocationRefresher.class);

    private final LocationService locations;
    private final ReadingConfig config;
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
        while (running) {
            try {
                Thread.sleep(config.refreshInterval().toMillis());
                locations.readAll();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Refreshing locations failed: %s", e.toString());
            }
        }
    }
}
