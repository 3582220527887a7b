package dev.portal.scorecard.store;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.SQLException;

import io.agroal.api.AgroalDataSource;

/**
 * Plain JDBC transactions: the service's SQL is a handful of set-based statements (jsonb, upserts, ANY(array)), which
 * read better as SQL than through an ORM. A transaction that loses a deadlock or serialization race is retried.
 */
@ApplicationScoped
public class Db {

    private final AgroalDataSource dataSource;

    public Db(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    public <T> T transaction(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                boolean retryable = "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState());
                if (!retryable || attempt >= 5) {
                    throw new DataAccessException(e);
                }
            }
        }
    }

    /** Whether the database answers a trivial query within 2 s (a connection can be had and used). */
    public boolean answers() {
        try (Connection connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.setQueryTimeout(2);
            statement.execute("SELECT 1");
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether a failure is the database being away (stopped, restarting, out of connections) rather than something
     * about the work itself: connection exceptions (SQLState class 08), operator intervention (57P01–57P03: shut
     * down, crashed, not accepting connections yet) and insufficient resources (class 53), however deep wrapped.
     */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Read-only work outside an explicit transaction. */
    public <T> T read(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return work.run(connection);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    public static final class DataAccessException extends RuntimeException {
        public DataAccessException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
