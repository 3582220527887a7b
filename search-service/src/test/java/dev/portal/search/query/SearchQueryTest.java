package dev.portal.search.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.junit.jupiter.api.Test;

import dev.portal.search.config.SearchConfig;

/** Reading Backstage's query string: the forms its clients send, and the inputs that are InputErrors. */
class SearchQueryTest {

    private static final SearchConfig.Query CONFIG = new SearchConfig.Query() {
        public int defaultPageLimit() { return 25; }
        public int maxPageLimit() { return 100; }
        public int maxTermLength() { return 200; }
        public int facetSize() { return 20; }
        public int defaultSuggestLimit() { return 10; }
        public int maxSuggestLimit() { return 50; }
    };

    @Test
    void readsTypesInEveryFormBackstageClientsWrite() {
        SearchQuery query = parse(Map.of("types[0]", List.of("software-catalog"), "types[1]", List.of("techdocs"),
                "types[]", List.of("explore"), "types", List.of("adr")));
        assertEquals(Set.of("software-catalog", "techdocs", "explore", "adr"), query.types());
    }

    @Test
    void readsFiltersRepeatedOrIndexedAsAnyOfTheirValues() {
        SearchQuery query = parse(Map.of("filters[kind]", List.of("Component", "API"),
                "filters[lifecycle][0]", List.of("production"), "filters[lifecycle][1]", List.of("experimental"),
                "filters[owner][]", List.of("group:default/web-team"), "filters[empty]", List.of("")));
        assertEquals(List.of("Component", "API"), query.filters().get("kind"));
        assertEquals(Set.of("production", "experimental"), Set.copyOf(query.filters().get("lifecycle")));
        assertEquals(List.of("group:default/web-team"), query.filters().get("owner"));
        assertEquals(Set.of("kind", "lifecycle", "owner"), query.filters().keySet(), "an empty filter is no filter");
    }

    @Test
    void defaultsToTheFirstPageOf25AndAnEmptyTerm() {
        SearchQuery query = parse(Map.of());
        assertEquals("", query.term());
        assertEquals(0, query.page());
        assertEquals(25, query.limit());
        assertTrue(query.types().isEmpty() && query.filters().isEmpty());
    }

    @Test
    void rejectsPageLimitsOutsideOneToTheMaximum() {
        assertEquals(100, parse(Map.of("pageLimit", List.of("100"))).limit());
        for (String limit : List.of("101", "0", "-1", "ten", "2147483648")) {
            BadRequestException e = assertThrows(BadRequestException.class,
                    () -> parse(Map.of("pageLimit", List.of(limit))), limit);
            assertTrue(e.getMessage().contains("100"), e.getMessage());
        }
    }

    @Test
    void cutsALongTermWithoutSplittingACharacter() {
        String emoji = "💳";
        String term = emoji.repeat(300);
        String cut = parse(Map.of("term", List.of(term))).term();
        assertEquals(200, cut.codePointCount(0, cut.length()));
        assertEquals(emoji.repeat(200), cut);
        assertEquals("payments api", parse(Map.of("term", List.of("  payments api \n"))).term());
    }

    @Test
    void encodesPagesAsBackstageDoesAndRejectsAnythingElse() {
        assertEquals("MQ==", PageCursor.encode(1));
        assertEquals(1, PageCursor.decode("MQ=="));
        assertEquals(1, PageCursor.decode("MQ"), "padding is optional, as in Node");
        assertEquals(12, PageCursor.decode(PageCursor.encode(12)));
        assertEquals(0, PageCursor.decode(null));
        for (String cursor : List.of("@@@", "YWJj" /* abc */, "LTE=" /* -1 */, "MS41" /* 1.5 */, "OTk5OTk5OTk5OQ==")) {
            BadRequestException e = assertThrows(BadRequestException.class, () -> PageCursor.decode(cursor), cursor);
            assertTrue(e.getMessage().contains("pageCursor"), e.getMessage());
        }
    }

    private static SearchQuery parse(Map<String, List<String>> parameters) {
        MultivaluedMap<String, String> map = new MultivaluedHashMap<>();
        parameters.forEach(map::put);
        return SearchQuery.from(map, CONFIG);
    }
}
