package dev.portal.catalog.entity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import dev.portal.catalog.stitch.ServedFormSetting;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Stitches the entities queued because a peer's write changed their relations, in batches, soon after the write:
 * an entity touched by a thousand writes in a second is stitched a few times, not a thousand. The queue is a table,
 * so nothing queued is lost in a crash; each batch and its change events commit together. Two threads share the
 * queue, each its own half of the refs: while one waits for PostgreSQL the other stitches, which halves the time to
 * work off the tens of thousands of peers a large location read leaves behind.
 */
@ApplicationScoped
public class DeferredStitcher {

    private static final Logger LOG = Logger.getLogger(DeferredStitcher.class);
    private static final int BATCH = 2000;
    private static final long IDLE_WAIT_MILLIS = 100;
    private static final int THREADS = 2;

    private final EntityService entities;
    private final ServedFormSetting servedForm;
    private volatile boolean running;
    private volatile boolean servedFormChecked;
    private final List<Thread> threads = new ArrayList<>();

    public DeferredStitcher(EntityService entities, ServedFormSetting servedForm) {
        this.entities = entities;
        this.servedForm = servedForm;
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        for (int i = 0; i < THREADS; i++) {
            int share = i;
            Thread thread = new Thread(() -> run(share), "deferred-stitcher-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        threads.forEach(Thread::interrupt);
    }

    private void run(int share) {
        while (running) {
            try {
                if (share == 0 && !servedFormChecked) {
                    servedForm.reconcile();
                    servedFormChecked = true;
                }
                if (entities.stitchQueued(BATCH, share, THREADS) == 0) {
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
