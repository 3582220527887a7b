package dev.portal.catalog.entity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Stitches the entities queued because a peer's write changed their relations, in batches, soon after the write:
 * an entity touched by a thousand writes in a second is stitched a few times, not a thousand. The queue is a table,
 * so nothing queued is lost in a crash; each batch and its change events commit together.
 */
@ApplicationScoped
public class DeferredStitcher {

    private static final Logger LOG = Logger.getLogger(DeferredStitcher.class);
    private static final int BATCH = 2000;
    private static final long IDLE_WAIT_MILLIS = 100;

    private final EntityService entities;
    private volatile boolean running;
    private Thread thread;

    public DeferredStitcher(EntityService entities) {
        this.entities = entities;
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        thread = new Thread(this::run, "deferred-stitcher");
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
        while (running) {
            try {
                if (entities.stitchQueued(BATCH) == 0) {
                    Thread.sleep(IDLE_WAIT_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("Deferred stitching paused (%s); retrying in 1 s", e.toString());
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
