package dev.portal.catalog.query;

import java.util.List;

/**
 * What an entity query matches, whichever syntax it came in (the GET {@code filter} parameters or the POST predicate).
 * Keys are flattened, lower-cased paths (see {@link SearchProjection}); values are lower-cased.
 */
public sealed interface EntityPredicate {

    /** All must match; an empty list matches nothing (as Backstage). */
    record All(List<EntityPredicate> predicates) implements EntityPredicate {
    }

    /** Any must match; an empty list matches nothing. */
    record Any(List<EntityPredicate> predicates) implements EntityPredicate {
    }

    record Not(EntityPredicate predicate) implements EntityPredicate {
    }

    /** The key has one of the values. */
    record ValueIn(String key, List<String> values) implements EntityPredicate {
    }

    /** The key exists, with any value. */
    record Exists(String key) implements EntityPredicate {
    }

    /** The key has a value starting with the prefix. */
    record HasPrefix(String key, String prefix) implements EntityPredicate {
    }

    /** One of the keys has a value containing the term (Backstage's {@code fullTextFilter}). */
    record ContainsText(List<String> keys, String term) implements EntityPredicate {
    }

    /** Matches every entity. */
    record Everything() implements EntityPredicate {
    }
}
