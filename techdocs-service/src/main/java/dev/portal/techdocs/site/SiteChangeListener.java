package dev.portal.techdocs.site;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Hears the site changes of every replica ({@code NOTIFY portal_techdocs_sites}, sent by {@link SiteRepository} in
 * the changing transaction, so on commit) and drops the changed entity's files from the {@link ServedFileCache}. The
 * cache is live only while this listens: when the connection fails it is emptied and turned off until listening
 * again.
 */
@ApplicationScoped
public class SiteChangeListener {

    /** The channel; the payload is the entity ref. */
    public static final String CHANNEL = "portal_techdocs_sites";

    private static final Logger LOG = Logger.getLogger(SiteChangeListener.class);
    /** How long one wait for notifications lasts; then the connection is checked with a query. */
    private static final int WAIT_MILLIS = 2_000;

    private final AgroalDataSource dataSource;
    private final ServedFileCache cache;
    private volatile boolean running;
    private Thread thread;

    public SiteChangeListener(AgroalDataSource dataSource, ServedFileCache cache) {
        this.dataSource = dataSource;
        this.cache = cache;
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        thread = new Thread(this::run, "techdocs-site-changes");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        cache.disable();
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
    }

    private void run() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try {
                    listen(connection);
                } finally {
                    cache.disable();
                    unlisten(connection);
                }
            } catch (Exception e) {
                if (running) {
                    LOG.warnf("Not hearing site changes (%s): serving docs from the database; retrying in 1 s", e.toString());
                    sleep(1_000);
                }
            }
        }
    }

    private void listen(Connection connection) throws SQLException {
        try (Statement listen = connection.createStatement()) {
            listen.execute("LISTEN " + CHANNEL);
        }
        cache.enable(); // only now: a change committed before LISTEN was not heard, so start from empty
        LOG.infof("Hearing site changes (%s): served files are cached", CHANNEL);
        PGConnection notifications = connection.unwrap(PGConnection.class);
        while (running) {
            PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
            if (received == null || received.length == 0) {
                try (Statement ping = connection.createStatement()) {
                    ping.execute("SELECT 1"); // a broken connection fails here, not silently
                }
                continue;
            }
            for (PGNotification notification : received) {
                cache.invalidate(notification.getParameter());
            }
        }
    }

    /** The connection goes back to the pool, so its LISTEN must not stay with it. */
    private static void unlisten(Connection connection) {
        try (Statement unlisten = connection.createStatement()) {
            unlisten.execute("UNLISTEN *");
        } catch (SQLException e) {
            LOG.debugf("Could not UNLISTEN: %s", e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
