package dev.portal.catalog.query;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.catalog.CatalogInputException;
import dev.portal.catalog.query.EntityQueryRepository.Keyset;
import dev.portal.catalog.query.EntityQueryRepository.Order;
import dev.portal.catalog.query.EntityQueryRepository.Row;

/** Backstage's entity queries: {@code /entities/by-query} (GET and POST) with cursors, and {@code /entities}. */
@ApplicationScoped
public class EntityQueryService {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 1000;

    /** A page of served entities (JSON, UTF-8) with the cursors around it. */
    public record QueryPage(List<byte[]> items, long totalItems, String nextCursor, String prevCursor) {
    }

    /**
     * What a first by-query request asks; later pages carry it in their cursor. {@code offset} (Backstage's router
     * forwards it, and its client sends it) skips that many entities of the first page.
     */
    public record QueryRequest(List<String> filter, JsonNode query, List<String> orderFields, String fullTextTerm,
                               List<String> fullTextFields, Integer offset) {
    }

    private final EntityQueryRepository repository;
    private final AggregateCache aggregates;

    public EntityQueryService(EntityQueryRepository repository, AggregateCache aggregates) {
        this.repository = repository;
        this.aggregates = aggregates;
    }

    public QueryPage query(QueryRequest request, String cursor, Integer limit, FieldsProjection fields) {
        int pageSize = limit(limit, DEFAULT_LIMIT);
        boolean firstRequest = cursor == null || cursor.isBlank();
        QueryCursor position = firstRequest ? firstPage(request) : QueryCursor.decode(cursor);
        int skip = firstRequest && request.offset() != null ? offset(request.offset()) : 0;
        EntityPredicate predicate = predicateOf(position);
        SqlCondition where = SqlCondition.of(predicate);
        QueryCursor.OrderField orderField = position.orderFields().get(0);
        Order order = new Order(orderField.field(), orderField.order().equals("asc"));
        Keyset keyset = position.orderFieldValues().isEmpty() ? null
                : new Keyset(position.orderFieldValues().get(0), UUID.fromString(position.orderFieldValues().get(1)));
        long total = keyset == null ? aggregates.get("count", where, () -> repository.count(where)) : position.totalItems();
        QueryCursor counted = new QueryCursor(position.orderFields(), position.orderFieldValues(), position.filter(),
                position.query(), position.fullTextFilter(), position.isPrevious(), total);

        boolean backwards = keyset != null && position.isPrevious();
        List<Row> rows = repository.page(where, order, keyset, backwards, skip, pageSize + 1);
        boolean more = rows.size() > pageSize;
        List<Row> page = !more ? rows : backwards ? rows.subList(1, rows.size()) : rows.subList(0, pageSize);
        boolean hasNext = backwards || more;
        boolean hasPrevious = backwards ? more : keyset != null;

        String next = null;
        String previous = null;
        if (!page.isEmpty()) {
            Row last = page.get(page.size() - 1);
            Row first = page.get(0);
            next = hasNext ? counted.startingAt(last.sortValue(), last.uid().toString(), false).encode() : null;
            previous = hasPrevious ? counted.startingAt(first.sortValue(), first.uid().toString(), true).encode() : null;
        }
        List<byte[]> items = page.stream()
                .map(r -> fields == null ? r.served() : fields.apply(r.json()).getBytes(StandardCharsets.UTF_8)).toList();
        return new QueryPage(items, total, next, previous);
    }

    /** One page of GET /entities: offset paging, ordered by the {@code order} parameters. */
    public List<String> list(List<String> filter, List<String> orders, int offset, int limit, FieldsProjection fields) {
        SqlCondition where = SqlCondition.of(FilterParser.parseFilterParams(filter));
        return repository.list(where, parseOrders(orders), offset, limit).stream()
                .map(r -> fields == null ? r.json() : fields.apply(r.json())).toList();
    }

    /** Per facet (as requested), its values with counts among the entities matching the filter. */
    public Map<String, Map<String, Long>> facets(List<String> facets, List<String> filter) {
        return facets(facets, FilterParser.parseFilterParams(filter));
    }

    /** The same for the POST form's predicate query. */
    public Map<String, Map<String, Long>> facets(List<String> facets, EntityPredicate predicate) {
        if (facets == null || facets.isEmpty()) {
            throw new CatalogInputException("Missing facet parameter, e.g. facet=kind");
        }
        SqlCondition where = SqlCondition.of(predicate);
        Map<String, Map<String, Long>> result = new LinkedHashMap<>();
        for (String facet : facets) {
            String key = facet.toLowerCase(Locale.ROOT);
            result.put(facet, aggregates.get("facet:" + key, where, () -> repository.facet(key, where)));
        }
        return result;
    }

    private static int offset(int offset) {
        if (offset < 0) {
            throw new CatalogInputException("Invalid offset " + offset + ", expected a number from 0");
        }
        return offset;
    }

    public static int limit(Integer limit, int defaultLimit) {
        if (limit == null) {
            return defaultLimit;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new CatalogInputException("Invalid limit " + limit + ", expected a number from 1 to " + MAX_LIMIT);
        }
        return limit;
    }

    /** GET /entities {@code order} values: {@code asc:<field>} or {@code desc:<field>}. */
    public static List<Order> parseOrders(List<String> orders) {
        List<Order> parsed = new ArrayList<>();
        if (orders != null) {
            for (String order : orders) {
                var match = java.util.regex.Pattern.compile("^(asc|desc):(.+)$").matcher(order);
                if (!match.matches()) {
                    throw new CatalogInputException("Invalid order parameter \"" + order
                            + "\", expected \"<asc or desc>:<field name>\"");
                }
                parsed.add(new Order(match.group(2).trim().toLowerCase(Locale.ROOT), match.group(1).equals("asc")));
            }
        }
        return parsed;
    }

    private static QueryCursor firstPage(QueryRequest request) {
        if (request.filter() != null && !request.filter().isEmpty() && request.query() != null) {
            throw new CatalogInputException("Give either filter or query, not both");
        }
        QueryCursor.OrderField order = new QueryCursor.OrderField("metadata.uid", "asc");
        if (request.orderFields() != null && !request.orderFields().isEmpty()) {
            order = parseOrderField(request.orderFields().get(0)); // only the first is honoured, as Backstage
        }
        QueryCursor.FullTextFilter fullText = null;
        if (request.fullTextTerm() != null && !request.fullTextTerm().isBlank()) {
            List<String> fields = new ArrayList<>();
            if (request.fullTextFields() != null) {
                request.fullTextFields().forEach(f -> {
                    for (String field : f.split(",")) {
                        if (!field.isBlank()) {
                            fields.add(field.trim().toLowerCase(Locale.ROOT));
                        }
                    }
                });
            }
            if (fields.isEmpty()) {
                fields.add(order.field());
            }
            fullText = new QueryCursor.FullTextFilter(request.fullTextTerm().trim().toLowerCase(Locale.ROOT), fields);
        }
        QueryCursor cursor = new QueryCursor(List.of(order), List.of(), request.filter(), request.query(), fullText, false, 0);
        predicateOf(cursor); // reject a malformed filter or query on the first request
        return cursor;
    }

    private static QueryCursor.OrderField parseOrderField(String value) {
        String[] parts = value.split(",");
        if (parts.length != 2 || parts[0].isBlank() || !(parts[1].trim().equals("asc") || parts[1].trim().equals("desc"))) {
            throw new CatalogInputException("Invalid orderField \"" + value + "\", expected \"<field>,<asc or desc>\"");
        }
        return new QueryCursor.OrderField(parts[0].trim().toLowerCase(Locale.ROOT), parts[1].trim());
    }

    private static EntityPredicate predicateOf(QueryCursor cursor) {
        EntityPredicate predicate = cursor.query() != null ? FilterParser.parsePredicate(cursor.query())
                : FilterParser.parseFilterParams(cursor.filter());
        if (cursor.fullTextFilter() != null) {
            var text = new EntityPredicate.ContainsText(cursor.fullTextFilter().fields(), cursor.fullTextFilter().term());
            predicate = predicate instanceof EntityPredicate.Everything ? text : new EntityPredicate.All(List.of(predicate, text));
        }
        return predicate;
    }
}
