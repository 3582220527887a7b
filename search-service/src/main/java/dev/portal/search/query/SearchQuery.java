package dev.portal.search.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.MultivaluedMap;

import dev.portal.search.config.SearchConfig;

/**
 * A query of Backstage's search API, read from the query string as Backstage's clients write it: {@code types},
 * {@code types[]} or {@code types[0]}; {@code filters[kind]=Component}, repeated or as {@code filters[kind][]} /
 * {@code filters[kind][0]} for several values (any of them matches); {@code pageCursor}; {@code pageLimit}.
 *
 * @param term    what to search for, trimmed and cut to the configured length; empty matches everything
 * @param types   the document types to search; empty means all
 * @param filters field → accepted values (exact, case-insensitive; several values = any of them)
 * @param page    0-based page number from the cursor
 * @param limit   results per page
 */
public record SearchQuery(String term, Set<String> types, Map<String, List<String>> filters, int page, int limit) {

    private static final Pattern TYPES = Pattern.compile("types(\\[\\d*])?");
    private static final Pattern FILTER = Pattern.compile("filters\\[([^\\[\\]]+)](\\[\\d*])?");

    /**
     * Reads a query from decoded query parameters.
     *
     * @throws BadRequestException (InputError) for an unparsable {@code pageCursor}, or a {@code pageLimit} that is
     *                             not a number from 1 to the maximum
     */
    public static SearchQuery from(MultivaluedMap<String, String> parameters, SearchConfig.Query config) {
        String term = cut(first(parameters, "term"), config.maxTermLength());
        Set<String> types = new LinkedHashSet<>();
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (TYPES.matcher(parameter.getKey()).matches()) {
                parameter.getValue().stream().flatMap(v -> List.of(v.split(",")).stream()).map(String::trim)
                        .filter(v -> !v.isEmpty()).forEach(types::add);
                continue;
            }
            Matcher filter = FILTER.matcher(parameter.getKey());
            if (filter.matches()) {
                List<String> values = filters.computeIfAbsent(filter.group(1), k -> new ArrayList<>());
                parameter.getValue().stream().filter(v -> v != null && !v.isEmpty()).forEach(values::add);
            }
        }
        filters.values().removeIf(List::isEmpty);
        int page = PageCursor.decode(first(parameters, "pageCursor"));
        int limit = limit(first(parameters, "pageLimit"), config);
        return new SearchQuery(term, types, filters, page, limit);
    }

    private static int limit(String value, SearchConfig.Query config) {
        if (value == null || value.isBlank()) {
            return config.defaultPageLimit();
        }
        int limit;
        try {
            limit = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException("Invalid pageLimit \"" + value + "\": expected a number from 1 to "
                    + config.maxPageLimit());
        }
        if (limit > config.maxPageLimit()) {
            throw new BadRequestException("The page limit " + limit + " is greater than " + config.maxPageLimit());
        }
        if (limit < 1) {
            throw new BadRequestException("Invalid pageLimit " + limit + ": expected a number from 1 to "
                    + config.maxPageLimit());
        }
        return limit;
    }

    private static String first(MultivaluedMap<String, String> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Trimmed, at most {@code max} code points (never splitting a surrogate pair). */
    static String cut(String term, int max) {
        if (term == null) {
            return "";
        }
        String trimmed = term.strip();
        if (trimmed.codePointCount(0, trimmed.length()) <= max) {
            return trimmed;
        }
        return trimmed.substring(0, trimmed.offsetByCodePoints(0, max)).strip();
    }
}
