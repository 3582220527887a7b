package dev.portal.catalog.query;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates an {@link EntityPredicate} into a SQL condition on {@code entities e}, with its parameters in order
 * ({@code String[]} parameters are bound as {@code text[]}). Equality and existence become containment on the
 * GIN-indexed hashes of the keys ({@code search_hashes}, migration V6); statements that must all hold are merged into
 * one containment. Prefixes and text are matched on the keys themselves ({@code search_keys}).
 */
public final class SqlCondition {

    private final StringBuilder sql = new StringBuilder();
    private final List<Object> parameters = new ArrayList<>();

    private SqlCondition() {
    }

    public static SqlCondition of(EntityPredicate predicate) {
        SqlCondition condition = new SqlCondition();
        condition.append(predicate);
        return condition;
    }

    public String sql() {
        return sql.toString();
    }

    public List<Object> parameters() {
        return parameters;
    }

    private void append(EntityPredicate predicate) {
        // Java 17: no pattern matching for switch yet, so an instanceof chain over the sealed type.
        if (predicate instanceof EntityPredicate.Everything) {
            sql.append("TRUE");
        } else if (predicate instanceof EntityPredicate.All all) {
            appendAll(all.predicates());
        } else if (predicate instanceof EntityPredicate.Any any) {
            appendJoined(any.predicates(), " OR ");
        } else if (predicate instanceof EntityPredicate.Not not) {
            sql.append("NOT (");
            append(not.predicate());
            sql.append(')');
        } else if (predicate instanceof EntityPredicate.Exists exists) {
            contains(List.of(exists.key()));
        } else if (predicate instanceof EntityPredicate.ValueIn in) {
            if (in.values().size() == 1) {
                contains(List.of(in.key() + "=" + in.values().get(0)));
            } else {
                sql.append("e.search_hashes && catalog_key_hashes(?)");
                parameters.add(in.values().stream().map(v -> in.key() + "=" + v).toArray(String[]::new));
            }
        } else if (predicate instanceof EntityPredicate.HasPrefix prefix) {
            // Existence first, so the GIN index narrows the rows the LIKE has to look at.
            contains(List.of(prefix.key()));
            sql.append(" AND EXISTS (SELECT 1 FROM unnest(e.search_keys) k WHERE k LIKE ? ESCAPE '\\')");
            parameters.add(escapeLike(prefix.key() + "=" + prefix.prefix()) + "%");
        } else if (predicate instanceof EntityPredicate.ContainsText text) {
            sql.append("EXISTS (SELECT 1 FROM unnest(e.search_keys) k WHERE ");
            for (int i = 0; i < text.keys().size(); i++) {
                sql.append(i == 0 ? "" : " OR ").append("k LIKE ? ESCAPE '\\'");
                parameters.add(escapeLike(text.keys().get(i) + "=") + "%" + escapeLike(text.term()) + "%");
            }
            sql.append(')');
        } else {
            throw new IllegalStateException("unknown predicate " + predicate);
        }
    }

    private void appendAll(List<EntityPredicate> predicates) {
        if (predicates.isEmpty()) {
            sql.append("FALSE");
            return;
        }
        List<String> containment = new ArrayList<>();
        List<EntityPredicate> rest = new ArrayList<>();
        for (EntityPredicate p : predicates) {
            if (p instanceof EntityPredicate.Exists exists) {
                containment.add(exists.key());
            } else if (p instanceof EntityPredicate.ValueIn in && in.values().size() == 1) {
                containment.add(in.key() + "=" + in.values().get(0));
            } else {
                rest.add(p);
            }
        }
        sql.append('(');
        if (!containment.isEmpty()) {
            contains(containment);
        }
        for (EntityPredicate p : rest) {
            if (sql.charAt(sql.length() - 1) != '(') {
                sql.append(" AND ");
            }
            sql.append('(');
            append(p);
            sql.append(')');
        }
        sql.append(')');
    }

    private void appendJoined(List<EntityPredicate> predicates, String operator) {
        if (predicates.isEmpty()) {
            sql.append("FALSE");
            return;
        }
        sql.append('(');
        for (int i = 0; i < predicates.size(); i++) {
            sql.append(i == 0 ? "(" : operator + "(");
            append(predicates.get(i));
            sql.append(')');
        }
        sql.append(')');
    }

    private void contains(List<String> keys) {
        sql.append("e.search_hashes @> catalog_key_hashes(?)");
        parameters.add(keys.toArray(String[]::new));
    }

    static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
