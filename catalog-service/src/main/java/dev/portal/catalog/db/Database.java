package dev.portal.catalog.db;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.SQLException;

import io.agroal.api.AgroalDataSource;

/**
 * Plain JDBC on the catalog's pool. Inside a {@code @Transactional} method every call gets the connection enlisted in
 * that transaction (Agroal hands the same one out until it ends), so statements of one write commit or roll back
 * together; outside one, each call borrows a connection in auto-commit mode and gives it back.
 */
@ApplicationScoped
public class Database {

    /** Statements on a connection. */
    @FunctionalInterface
    public interface Work {
        void run(Connection connection) throws SQLException;
    }

    /** Statements on a connection that give a result. */
    @FunctionalInterface
    public interface Call<T> {
        T call(Connection connection) throws SQLException;
    }

    private final AgroalDataSource dataSource;

    public Database(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void run(Work work) {
        call(connection -> {
            work.run(connection);
            return null;
        });
    }

    public <T> T call(Call<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.call(connection);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }
}
