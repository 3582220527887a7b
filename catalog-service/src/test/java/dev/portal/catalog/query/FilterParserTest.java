package dev.portal.catalog.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.portal.catalog.CatalogInputException;
import dev.portal.catalog.query.EntityPredicate.All;
import dev.portal.catalog.query.EntityPredicate.Any;
import dev.portal.catalog.query.EntityPredicate.Exists;
import dev.portal.catalog.query.EntityPredicate.HasPrefix;
import dev.portal.catalog.query.EntityPredicate.Not;
import dev.portal.catalog.query.EntityPredicate.ValueIn;
import dev.portal.events.Json;

/** Both filter syntaxes parse to the same predicates, with Backstage's semantics and errors. */
class FilterParserTest {

    @Test
    void commaMeansAllRepeatedParameterMeansAny() {
        assertEquals(new Any(List.of(
                        new All(List.of(new Exists("spec.owner"), new ValueIn("kind", List.of("component")))),
                        new ValueIn("kind", List.of("api")))),
                FilterParser.parseFilterParams(List.of(" Kind=Component , spec.owner ,", "kind=API")));
    }

    @Test
    void mergesTheSameKeyInOneParameterIntoEitherValue() {
        assertEquals(new ValueIn("spec.type", List.of("service", "website", "")),
                FilterParser.parseFilterParams(List.of("spec.type=service,spec.type=website,spec.type=")));
    }

    @Test
    void noFilterMatchesEverything() {
        assertEquals(new EntityPredicate.Everything(), FilterParser.parseFilterParams(List.of()));
        assertEquals(new EntityPredicate.Everything(), FilterParser.parseFilterParams(List.of(" , ")));
    }

    @Test
    void parsesEveryPredicateOperator() {
        EntityPredicate parsed = FilterParser.parsePredicate(Json.tree("""
                {"$all": [{"kind": "Component", "spec.type": {"$in": ["Service", 1]}},
                          {"$not": {"metadata.tags": {"$exists": true}}},
                          {"$any": [{"metadata.name": {"$hasPrefix": "Pay"}}, {"spec.owner": {"$exists": false}}]}]}
                """.getBytes()));
        assertEquals(new All(List.of(
                new All(List.of(new ValueIn("kind", List.of("component")), new ValueIn("spec.type", List.of("service", "1")))),
                new Not(new Exists("metadata.tags")),
                new Any(List.of(new HasPrefix("metadata.name", "pay"), new Not(new Exists("spec.owner")))))), parsed);
    }

    @Test
    void rejectsUnknownOperatorsAndTopLevelPrimitives() {
        assertThrows(CatalogInputException.class, () -> FilterParser.parsePredicate(Json.tree("{\"kind\":{\"$gt\":1}}".getBytes())));
        assertThrows(CatalogInputException.class, () -> FilterParser.parsePredicate(Json.tree("\"kind\"".getBytes())));
        assertThrows(CatalogInputException.class, () -> FilterParser.parsePredicate(Json.tree("{\"$all\":{}}".getBytes())));
        assertThrows(CatalogInputException.class, () -> FilterParser.parseFilterParams(List.of("=value")));
    }
}
