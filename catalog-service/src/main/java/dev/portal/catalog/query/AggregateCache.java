package dev.portal.catalog.query;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.agroal.api.AgroalDataSource;

/**
 * Caches the expensive aggregates — totals of a query, facet counts — per catalog version: every committed write
 * increments {@code catalog_version}, so an entry is only ever served for the exact data it was computed from.
 * Reading the version is one primary-key lookup.
 */
@ApplicationScoped
public class AggregateCache {

    private final AgroalDataSource dataSource;
    private final Cache<String, Object> entries = Caffeine.newBuilder().maximumSize(2_000).build();

    public AggregateCache(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(String aggregate, SqlCondition where, Supplier<T> compute) {
        String key = currentVersion() + "|" + aggregate + "|" + where.sql() + "|"
                + Arrays.deepToString(where.parameters().toArray());
        return (T) entries.get(key, k -> compute.get());
    }

    long currentVersion() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT version FROM catalog_version WHERE id = 1")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the catalog version", e);
        }
    }
}
