package dev.portal.catalog.db;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

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

    /** What one row of a result becomes. */
    @FunctionalInterface
    public interface Row<T> {
        T of(ResultSet row) throws SQLException;
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

    /**
     * The rows a query returns, each made by {@code row}. A parameter that is a collection is bound as a {@code text[]}
     * (for {@code = ANY(?)}), any other as itself.
     */
    public <T> List<T> query(String sql, List<?> parameters, Row<T> row) {
        return call(connection -> {
            List<T> rows = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.size(); i++) {
                    if (parameters.get(i) instanceof Collection<?> values) {
                        select.setArray(i + 1, connection.createArrayOf("text", values.toArray()));
                    } else {
                        select.setObject(i + 1, parameters.get(i));
                    }
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row.of(rs));
                    }
                }
            }
            return rows;
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
