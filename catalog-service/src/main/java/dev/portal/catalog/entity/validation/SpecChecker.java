package dev.portal.catalog.entity.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portal.events.EntityRef;
import java.util.List;

/**
 * Checks the fields of one entity's {@code spec} against the rules of Backstage's kind JSON schemas
 * ({@code packages/catalog-model/src/schema/kinds/*.schema.json}: strings and string items have {@code minLength: 1}),
 * reporting AJV's messages, and parses entity-ref fields the way {@code BuiltinKindsEntityProcessor} does
 * ({@code parseEntityRef(ref, {defaultKind, defaultNamespace: <entity's namespace>})}), reporting its message.
 */
final class SpecChecker {

    /** For ref fields whose targets can be of any kind (dependsOn, dependencyOf): the ref must name its kind. */
    static final String NO_DEFAULT_KIND = null;

    private final Problems problems;
    private final JsonNode spec;
    private final String defaultNamespace;

    SpecChecker(Problems problems, JsonNode spec, String defaultNamespace) {
        this.problems = problems;
        this.spec = spec;
        this.defaultNamespace = defaultNamespace;
    }

    /** A string field ({@code type: string, minLength: 1}). */
    SpecChecker string(String name, boolean required) {
        checkString(name, required);
        return this;
    }

    /** A string field that is an entity reference. */
    SpecChecker ref(String name, boolean required, String defaultKind) {
        if (checkString(name, required)) {
            checkRef("spec." + name, spec.get(name).textValue(), defaultKind);
        }
        return this;
    }

    /** An array of strings. */
    SpecChecker strings(String name, boolean required) {
        checkStringArray(name, required, false, null);
        return this;
    }

    /** An array of entity references. */
    SpecChecker refs(String name, boolean required, String defaultKind) {
        checkStringArray(name, required, true, defaultKind);
        return this;
    }

    /** A string field restricted to the given values (AJV {@code enum}). */
    SpecChecker oneOf(String name, List<String> allowed) {
        JsonNode value = spec.get(name);
        if (value != null && !(value.isTextual() && allowed.contains(value.textValue()))) {
            problems.notOneOf("/spec/" + name, allowed);
        }
        return this;
    }

    /** An optional object whose listed fields are optional strings; {@code nestedObjects} likewise, one level down. */
    SpecChecker object(String name, List<String> stringFields, String nestedObject, List<String> nestedFields) {
        JsonNode value = spec.get(name);
        if (value == null) {
            return this;
        }
        String path = "/spec/" + name;
        if (!value.isObject()) {
            problems.type(path, "object");
            return this;
        }
        for (String field : stringFields) {
            checkOptionalString(value.get(field), path + "/" + field);
        }
        if (nestedObject != null) {
            JsonNode nested = value.get(nestedObject);
            if (nested != null) {
                if (!nested.isObject()) {
                    problems.type(path + "/" + nestedObject, "object");
                } else {
                    for (String field : nestedFields) {
                        checkOptionalString(nested.get(field), path + "/" + nestedObject + "/" + field);
                    }
                }
            }
        }
        return this;
    }

    private void checkOptionalString(JsonNode value, String path) {
        if (value == null) {
            return;
        }
        if (!value.isTextual()) {
            problems.type(path, "string");
        } else if (value.textValue().isEmpty()) {
            problems.tooShort(path);
        }
    }

    /** @return true when the field is present and a non-empty string */
    private boolean checkString(String name, boolean required) {
        JsonNode value = spec.get(name);
        if (value == null) {
            if (required) {
                problems.required("/spec", name);
            }
            return false;
        }
        String path = "/spec/" + name;
        if (!value.isTextual()) {
            problems.type(path, "string");
            return false;
        }
        if (value.textValue().isEmpty()) {
            problems.tooShort(path);
            return false;
        }
        return true;
    }

    private void checkStringArray(String name, boolean required, boolean refs, String defaultKind) {
        JsonNode value = spec.get(name);
        if (value == null) {
            if (required) {
                problems.required("/spec", name);
            }
            return;
        }
        String path = "/spec/" + name;
        if (!value.isArray()) {
            problems.type(path, "array");
            return;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemPath = path + "/" + i;
            if (!item.isTextual()) {
                problems.type(itemPath, "string");
            } else if (item.textValue().isEmpty()) {
                problems.tooShort(itemPath);
            } else if (refs) {
                checkRef("spec." + name + "." + i, item.textValue(), defaultKind);
            }
        }
    }

    private void checkRef(String field, String ref, String defaultKind) {
        try {
            EntityRef.parse(ref, defaultKind, defaultNamespace);
        } catch (IllegalArgumentException e) {
            problems.add(field, e.getMessage());
        }
    }
}
