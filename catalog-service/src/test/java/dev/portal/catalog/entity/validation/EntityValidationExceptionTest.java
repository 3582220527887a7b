package dev.portal.catalog.entity.validation;

import static dev.portal.catalog.entity.validation.TestEntities.OBJECT_NAME;
import static dev.portal.catalog.entity.validation.TestEntities.TAG;
import static dev.portal.catalog.entity.validation.TestEntities.DNS_LABEL;
import static dev.portal.catalog.entity.validation.TestEntities.metadata;
import static dev.portal.catalog.entity.validation.TestEntities.notValid;
import static dev.portal.catalog.entity.validation.TestEntities.valid;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reporting every problem at once, and requireValid's exception. */
class EntityValidationExceptionTest {

    private final EntityValidator validator = new EntityValidator();

    private static final String NOT_ON_THE_FORM = "\" was not on the form [<kind>:][<namespace>/]<name>";

    private static JsonNode entityWithManyProblems() {
        return TestEntities.json("""
                {
                  "apiVersion": "backstage.io/v1alpha1",
                  "kind": "Component",
                  "metadata": {
                    "name": "Bad Name!",
                    "namespace": "Payments",
                    "uid": "1234",
                    "labels": { "tier": "critical", "Tier": "low" },
                    "tags": ["Java", "ok"],
                    "links": [ { "url": "not a url", "title": " " } ]
                  },
                  "spec": {
                    "type": "service",
                    "owner": "group:a/b/c",
                    "dependsOn": ["identity-db", 7]
                  },
                  "relations": []
                }
                """);
    }

    private static List<ValidationProblem> expectedProblems() {
        return List.of(
                new ValidationProblem("relations", "Unknown field relations"),
                new ValidationProblem("metadata.name", notValid("metadata.name", OBJECT_NAME, "Bad Name!")),
                new ValidationProblem("metadata.namespace", notValid("metadata.namespace", DNS_LABEL, "Payments")),
                new ValidationProblem("metadata.uid",
                        "metadata.uid can not be set by the user at creation time; the catalog assigns it"),
                new ValidationProblem("tags.0", notValid("tags.0", TAG, "Java")),
                new ValidationProblem("links.0.url", notValid("links.0.url", "a string that is a valid url", "not a url")),
                new ValidationProblem("links.0.title", notValid("links.0.title", "a non empty string", " ")),
                new ValidationProblem("spec.lifecycle",
                        "/spec must have required property 'lifecycle' - missingProperty: lifecycle"),
                new ValidationProblem("spec.owner", "Entity reference \"group:a/b/c" + NOT_ON_THE_FORM),
                new ValidationProblem("spec.dependsOn.0", "Entity reference \"identity-db\" had missing or empty kind"
                        + " (e.g. did not start with \"component:\" or similar)"),
                new ValidationProblem("spec.dependsOn.1", "/spec/dependsOn/1 must be string - type: string"),
                new ValidationProblem("metadata.labels.tier",
                        "Entity has duplicate keys that vary only in casing, 'metadata.labels.tier'"));
    }

    @Test
    void reportsEveryProblemOfAMultiErrorEntityAtOnce() {
        assertEquals(expectedProblems(), validator.validate(entityWithManyProblems()));
    }

    @Test
    void requireValidThrowsWithEveryProblemAndJoinsTheMessagesWithSemicolons() {
        EntityValidationException e = assertThrows(EntityValidationException.class,
                () -> validator.requireValid(entityWithManyProblems()));
        assertEquals(expectedProblems(), e.problems());
        assertEquals(String.join("; ", expectedProblems().stream().map(ValidationProblem::message).toList()),
                e.getMessage());
    }

    @Test
    void requireValidPassesAValidEntity() {
        assertDoesNotThrow(() -> validator.requireValid(valid("Component")));
    }

    @Test
    void requireValidWithASingleProblemHasJustThatMessage() {
        ObjectNode entity = valid("Component");
        metadata(entity).remove("name");
        EntityValidationException e = assertThrows(EntityValidationException.class,
                () -> validator.requireValid(entity));
        assertEquals("metadata.name must have a value", e.getMessage());
        assertEquals(List.of(new ValidationProblem("metadata.name", "metadata.name must have a value")), e.problems());
    }

    @Test
    void theExceptionIsUncheckedAndItsProblemsCannotBeModified() {
        EntityValidationException e = new EntityValidationException(
                new java.util.ArrayList<>(List.of(new ValidationProblem("kind", "kind must have a value"))));
        assertTrue(RuntimeException.class.isAssignableFrom(EntityValidationException.class));
        assertThrows(UnsupportedOperationException.class, () -> e.problems().clear());
    }

    @Test
    void anExceptionWithoutProblemsCannotBeMade() {
        assertThrows(IllegalArgumentException.class, () -> new EntityValidationException(List.of()));
    }

    @Test
    void theProblemListReturnedByValidateIsImmutable() {
        List<ValidationProblem> problems = validator.validate(entityWithManyProblems());
        assertThrows(UnsupportedOperationException.class, () -> problems.add(new ValidationProblem("x", "y")));
    }
}
