package dev.portal.catalog.entity.validation;

import java.util.Objects;

/**
 * One thing wrong with a submitted entity.
 *
 * @param field   the field the problem is about, named the way Backstage names it in its messages: {@code apiVersion},
 *                {@code kind}, {@code metadata.name}, {@code metadata.namespace}, {@code labels.<key>},
 *                {@code annotations.<key>}, {@code tags.<i>}, {@code links.<i>.url}, {@code spec.owner},
 *                {@code spec.dependsOn.<i>}, ...; {@code <root>} for the entity as a whole
 * @param message Backstage's text for the problem (e.g. {@code metadata.name must have a value})
 */
public record ValidationProblem(String field, String message) {

    public ValidationProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
