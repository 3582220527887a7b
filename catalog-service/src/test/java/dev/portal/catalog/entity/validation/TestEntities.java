package dev.portal.catalog.entity.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Valid entities of every kind (from the JSON fixture) to mutate in tests, and Backstage's message shapes. */
final class TestEntities {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static final String FORMAT_DOC = " To learn more about catalog file format, visit: "
            + "https://github.com/backstage/backstage/blob/master/docs/architecture-decisions/adr002-default-catalog-file-format.md";

    static final String OBJECT_NAME =
            "a string that is sequences of [a-zA-Z0-9] separated by any of [-_.], at most 63 characters in total";
    static final String DNS_LABEL =
            "a string that is sequences of [a-z0-9] separated by [-], at most 63 characters in total";
    static final String TAG =
            "a string that is sequences of [a-z0-9+#] separated by [-], at most 63 characters in total";
    static final String KIND =
            "a string that is a sequence of [a-zA-Z][a-z0-9A-Z], at most 63 characters in total";
    static final String PREFIX_SUFFIX = "a valid prefix and/or suffix";

    private TestEntities() {
    }

    static ArrayNode fixture() {
        try (InputStream in = TestEntities.class.getResourceAsStream("/catalogs/validation/valid-entities.json")) {
            if (in == null) {
                throw new IllegalStateException("missing fixture catalogs/validation/valid-entities.json");
            }
            return (ArrayNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh copy of the fixture's valid entity of this kind. */
    static ObjectNode valid(String kind) {
        for (JsonNode entity : fixture()) {
            if (entity.path("kind").asText().equals(kind)) {
                return (ObjectNode) entity;
            }
        }
        throw new IllegalArgumentException("no fixture entity of kind " + kind);
    }

    static ObjectNode metadata(ObjectNode entity) {
        return (ObjectNode) entity.get("metadata");
    }

    static ObjectNode spec(ObjectNode entity) {
        return (ObjectNode) entity.get("spec");
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** FieldFormatEntityPolicy's message for an invalid value. */
    static String notValid(String field, String expectation, String found) {
        return "\"" + field + "\" is not valid; expected " + expectation + " but found \"" + found + "\"." + FORMAT_DOC;
    }
}
