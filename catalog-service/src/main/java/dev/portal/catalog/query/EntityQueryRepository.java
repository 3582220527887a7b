package dev.portal.catalog.query;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.postgresql.PGStatement;

import io.agroal.api.AgroalDataSource;

/**
 * The read side of the catalog: filtered, ordered, paged queries, facets and lookups, in plain SQL over the
 * {@code entities} table. Served entities are returned as their stored JSON text, never re-serialised.
 */
@ApplicationScoped
public class EntityQueryRepository {

    /** One field to order by; {@code metadata.uid} orders by the primary key. */
    public record Order(String field, boolean ascending) {
        boolean byUid() {
            return field.equals("metadata.uid");
        }
    }

    /** Where a keyset page starts: after (or, going back, before) this sort value and uid. */
    public record Keyset(String sortValue, UUID uid) {
    }

    /**
     * A matching entity: {@code served} is its served JSON as stored, UTF-8 bytes straight from the driver, so a page
     * is answered without decoding every entity into a String and encoding it back.
     */
    public record Row(UUID uid, String entityRef, byte[] served, String sortValue) {

        /** The served JSON as text, for the callers that change it (fields projection, ancestry). */
        public String json() {
            return new String(served, StandardCharsets.UTF_8);
        }
    }

    private static final String MAX_TEXT = new String(Character.toChars(0x10FFFF));

    private final AgroalDataSource dataSource;

    public EntityQueryRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * One page ordered by {@code order} then uid, from the {@code offset}th row on. With a keyset, the rows after it —
     * or, when {@code backwards}, the rows before it, still returned in forward order.
     */
    public List<Row> page(SqlCondition where, Order order, Keyset keyset, boolean backwards, int offset, int limit) {
        Fragment sort = sortExpression(order);
        List<Object> parameters = new ArrayList<>(sort.parameters());
        parameters.addAll(where.parameters());
        StringBuilder sql = new StringBuilder("SELECT e.uid, e.entity_ref, e.final_entity, ").append(sort.sql())
                .append(" AS sort_value FROM entities e WHERE (").append(where.sql()).append(')');
        boolean ascending = order.ascending() != backwards;
        String after = ascending ? " > " : " < ";
        if (keyset != null && order.byUid()) {
            sql.append(" AND e.uid").append(after).append('?');
            parameters.add(keyset.uid());
        } else if (keyset != null) {
            sql.append(" AND (").append(sort.sql()).append(after).append("? OR (").append(sort.sql())
                    .append(" = ? AND e.uid").append(after).append("?))");
            parameters.addAll(sort.parameters());
            parameters.add(keyset.sortValue());
            parameters.addAll(sort.parameters());
            parameters.add(keyset.sortValue());
            parameters.add(keyset.uid());
        }
        String direction = ascending ? " ASC" : " DESC";
        // By uid: order by the key itself (uuid order is the order of its text), so the primary key index serves it.
        sql.append(order.byUid() ? " ORDER BY e.uid" + direction : " ORDER BY sort_value" + direction + ", e.uid" + direction)
                .append(" LIMIT ?");
        parameters.add(limit);
        if (offset > 0) {
            sql.append(" OFFSET ?");
            parameters.add(offset);
        }
        List<Row> rows = query(sql.toString(), parameters, PLANNED_PER_VALUES);
        if (backwards) {
            Collections.reverse(rows);
        }
        return rows;
    }

    /** Rows ordered by several fields (then entity ref), with offset paging: GET /entities. */
    public List<Row> list(SqlCondition where, List<Order> orders, int offset, int limit) {
        List<Object> parameters = new ArrayList<>();
        String sql = orderedSelect(where, orders, parameters) + " OFFSET ? LIMIT ?";
        parameters.add(offset);
        parameters.add(limit);
        return query(sql, parameters, PLANNED_PER_VALUES);
    }

    /** Every matching row, streamed from a server-side cursor, ordered as {@link #list}: GET /entities unpaged. */
    public void stream(SqlCondition where, List<Order> orders, Consumer<Row> consumer) {
        List<Object> parameters = new ArrayList<>();
        String sql = orderedSelect(where, orders, parameters);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false); // PostgreSQL only streams with a cursor inside a transaction
            try (PreparedStatement statement = prepare(connection, sql, parameters, PLANNED_PER_VALUES)) {
                statement.setFetchSize(500);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        consumer.accept(row(rs));
                    }
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("entity query failed", e);
        }
    }

    /** The matching rows ordered by the given fields, then by entity ref (Backstage's default order). */
    private static String orderedSelect(SqlCondition where, List<Order> orders, List<Object> parameters) {
        StringBuilder sql = new StringBuilder("SELECT e.uid, e.entity_ref, e.final_entity, NULL FROM entities e WHERE (")
                .append(where.sql()).append(") ORDER BY ");
        parameters.addAll(where.parameters());
        for (Order order : orders) {
            Fragment sort = sortExpression(order);
            sql.append(sort.sql()).append(order.ascending() ? " ASC, " : " DESC, ");
            parameters.addAll(sort.parameters());
        }
        return sql.append("e.entity_ref").toString();
    }

    public long count(SqlCondition where) {
        String sql = "SELECT count(*) FROM entities e WHERE (" + where.sql() + ")";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, where.parameters(), PLANNED_PER_VALUES);
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("entity count failed", e);
        }
    }

    /** Distinct original-case values of a flattened key with how many matching entities have each. */
    public Map<String, Long> facet(String key, SqlCondition where) {
        String prefix = key + "=";
        List<Object> parameters = new ArrayList<>();
        parameters.add(prefix.length() + 1);
        parameters.add(SqlCondition.escapeLike(prefix) + "%");
        parameters.addAll(where.parameters());
        String sql = "SELECT substr(f, ?) AS value, count(*) FROM entities e, unnest(e.facet_values) f "
                + "WHERE f LIKE ? ESCAPE '\\' AND (" + where.sql() + ") GROUP BY value ORDER BY count(*) DESC, value";
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters, PLANNED_PER_VALUES);
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("facet query failed", e);
        }
        return counts;
    }

    /** The rows of these canonical refs that match {@code where}, keyed by ref. */
    public Map<String, Row> byRefs(List<String> refs, SqlCondition where) {
        List<Object> parameters = new ArrayList<>();
        parameters.add(refs.toArray(String[]::new));
        parameters.addAll(where.parameters());
        String sql = "SELECT e.uid, e.entity_ref, e.final_entity, NULL FROM entities e WHERE e.entity_ref = ANY(?) AND ("
                + where.sql() + ")";
        Map<String, Row> rows = new LinkedHashMap<>();
        query(sql, parameters, PLANNED_PER_VALUES).forEach(r -> rows.put(r.entityRef(), r));
        return rows;
    }

    public Optional<Row> byRef(String canonicalRef) {
        return query("SELECT e.uid, e.entity_ref, e.final_entity, NULL FROM entities e WHERE e.entity_ref = ?",
                List.of(canonicalRef), PLANNED_ONCE).stream().findFirst();
    }

    /**
     * The served JSON of this entity as stored, UTF-8 bytes straight from the driver: by-name answers with them as
     * they are, never decoding them into a String and encoding them back (that was a third of what by-name allocated).
     */
    public Optional<byte[]> servedJsonByRef(String canonicalRef) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, "SELECT e.final_entity FROM entities e WHERE e.entity_ref = ?",
                     List.of(canonicalRef), PLANNED_ONCE);
             ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty(); // raw UTF-8, as in row()
        } catch (SQLException e) {
            throw new IllegalStateException("entity query failed: " + e.getMessage(), e);
        }
    }

    public Optional<Row> byUid(UUID uid) {
        return query("SELECT e.uid, e.entity_ref, e.final_entity, NULL FROM entities e WHERE e.uid = ?", List.of(uid),
                PLANNED_ONCE).stream().findFirst();
    }

    /** Parents of each ref (who emitted it), for ancestry. */
    public Map<String, List<String>> parents(List<String> refs) {
        Map<String, List<String>> parents = new LinkedHashMap<>();
        String sql = "SELECT child_ref, parent_ref FROM entity_parents WHERE child_ref = ANY(?) ORDER BY parent_ref";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, List.of((Object) refs.toArray(String[]::new)), PLANNED_ONCE);
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                parents.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("ancestry query failed", e);
        }
        return parents;
    }

    /**
     * The value an entity sorts by for {@code order}: the lower-cased value of the flattened key, as Backstage sorts
     * by its search table. Missing values sort last in either direction.
     */
    private static Fragment sortExpression(Order order) {
        if (order.byUid()) {
            return new Fragment("e.uid::text", List.of());
        }
        String prefix = order.field() + "=";
        String missing = order.ascending() ? MAX_TEXT : "";
        return new Fragment("COALESCE((SELECT min(substr(k, ?)) FROM unnest(e.search_keys) k WHERE k LIKE ? ESCAPE '\\'), '"
                + missing + "') COLLATE \"C\"", List.of(prefix.length() + 1, SqlCondition.escapeLike(prefix) + "%"));
    }

    /** A piece of SQL with its parameters, appended together. */
    private record Fragment(String sql, List<Object> parameters) {
    }

    private List<Row> query(String sql, List<Object> parameters, boolean plannedOnce) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters, plannedOnce);
             ResultSet rs = statement.executeQuery()) {
            List<Row> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(row(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("entity query failed: " + e.getMessage(), e);
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        // A text column's getBytes is its raw value in the connection's encoding, which the driver sets to UTF-8.
        return new Row((UUID) rs.getObject(1), rs.getString(2), rs.getBytes(3), rs.getString(4));
    }

    /**
     * Whether a statement may be prepared once on the server and its plan reused. The JDBC driver does that after
     * five executions of the same SQL on a connection, and PostgreSQL then soon settles on a generic plan, made
     * without the parameter values. For a filter on {@code search_keys} that plan assumes 0.5 % of rows match and
     * picks a bitmap scan plus a sort of every match: 40–140 ms for services among 20,000 entities, against 2.5 ms
     * for the plan made with the values (walk the primary key, stop after {@code limit} matches). Filtered
     * queries are therefore planned with their values every time (an unnamed statement); lookups by key keep
     * their prepared plan, which cannot be wrong.
     */
    private static final boolean PLANNED_ONCE = true;
    private static final boolean PLANNED_PER_VALUES = false;

    static PreparedStatement prepare(Connection connection, String sql, List<Object> parameters, boolean plannedOnce)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        if (!plannedOnce) {
            statement.unwrap(PGStatement.class).setPrepareThreshold(0); // 0: never a named server-side statement
        }
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            if (value instanceof String[] array) {
                statement.setArray(i + 1, connection.createArrayOf("text", array));
            } else {
                statement.setObject(i + 1, value);
            }
        }
        return statement;
    }
}
