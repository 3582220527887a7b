package dev.portal.catalog.entity.validation;

import static dev.portal.catalog.entity.validation.TestEntities.KIND;
import static dev.portal.catalog.entity.validation.TestEntities.DNS_LABEL;
import static dev.portal.catalog.entity.validation.TestEntities.OBJECT_NAME;
import static dev.portal.catalog.entity.validation.TestEntities.PREFIX_SUFFIX;
import static dev.portal.catalog.entity.validation.TestEntities.metadata;
import static dev.portal.catalog.entity.validation.TestEntities.notValid;
import static dev.portal.catalog.entity.validation.TestEntities.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The root, apiVersion, kind and metadata envelope (NoForeignRootFields, FieldFormat and EntityMeta rules). */
class EntityValidatorEnvelopeTest {

    private final EntityValidator validator = new EntityValidator();

    private List<ValidationProblem> problems(JsonNode entity) {
        return validator.validate(entity);
    }

    private static List<ValidationProblem> one(String field, String message) {
        return List.of(new ValidationProblem(field, message));
    }

    // root

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"Component\"", "42", "null", "true"})
    void rejectsARootThatIsNotAnObject(String json) {
        assertEquals(one("<root>", "<root> must be object - type: object"), problems(TestEntities.json(json)));
    }

    @Test
    void rejectsAJavaNullEntity() {
        assertEquals(one("<root>", "<root> must be object - type: object"), problems(null));
    }

    @Test
    void rejectsSubmittedRelationsAsAnUnknownRootField() {
        ObjectNode entity = valid("Component");
        entity.putArray("relations").addObject().put("type", "ownedBy").put("targetRef", "group:default/x");
        assertEquals(one("relations", "Unknown field relations"), problems(entity));
    }

    @Test
    void rejectsSubmittedStatusAndAnyOtherForeignRootField() {
        ObjectNode entity = valid("Component");
        entity.putObject("status").putArray("items");
        entity.put("owner", "team-a");
        assertEquals(List.of(new ValidationProblem("status", "Unknown field status"),
                new ValidationProblem("owner", "Unknown field owner")), problems(entity));
    }

    // apiVersion

    @Test
    void rejectsAMissingApiVersion() {
        ObjectNode entity = valid("Component");
        entity.remove("apiVersion");
        assertEquals(one("apiVersion", "apiVersion must have a value"), problems(entity));
    }

    @Test
    void rejectsANullApiVersion() {
        ObjectNode entity = valid("Component");
        entity.putNull("apiVersion");
        assertEquals(one("apiVersion", "apiVersion must have a value"), problems(entity));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.0", "backstage.io/v1/alpha", "Backstage.io/v1alpha1", "backstage.io/v1-alpha1", "/v1",
        "backstage.io/"})
    void rejectsAnApiVersionWithAnInvalidFormat(String apiVersion) {
        ObjectNode entity = valid("Environment");
        entity.put("apiVersion", apiVersion);
        assertEquals(one("apiVersion", notValid("apiVersion", PREFIX_SUFFIX, apiVersion)), problems(entity));
    }

    @Test
    void rejectsANonStringApiVersionPrintingItTheWayJavaScriptDoes() {
        ObjectNode entity = valid("Environment");
        entity.put("apiVersion", 1.5);
        assertEquals(one("apiVersion", notValid("apiVersion", PREFIX_SUFFIX, "1.5")), problems(entity));
    }

    @ParameterizedTest
    @ValueSource(strings = {"backstage.io/v1beta2", "backstage.io/v2", "example.com/v1alpha1", "v1"})
    void rejectsAnApiVersionThatABuiltInKindDoesNotAccept(String apiVersion) {
        ObjectNode entity = valid("Group");
        entity.put("apiVersion", apiVersion);
        assertEquals(one("apiVersion", "/apiVersion must be equal to one of the allowed values"
                + " - allowedValues: backstage.io/v1alpha1,backstage.io/v1beta1"), problems(entity));
    }

    @Test
    void acceptsOnlyTheScaffolderApiVersionForTemplates() {
        ObjectNode template = valid("Template");
        template.put("apiVersion", "backstage.io/v1beta1");
        assertEquals(one("apiVersion", "/apiVersion must be equal to one of the allowed values"
                + " - allowedValues: scaffolder.backstage.io/v1beta3"), problems(template));
    }

    @Test
    void rejectsAScaffolderApiVersionOnAComponent() {
        ObjectNode entity = valid("Component");
        entity.put("apiVersion", "scaffolder.backstage.io/v1beta3");
        assertEquals(one("apiVersion", "/apiVersion must be equal to one of the allowed values"
                + " - allowedValues: backstage.io/v1alpha1,backstage.io/v1beta1"), problems(entity));
    }

    // kind

    @Test
    void rejectsAMissingKind() {
        ObjectNode entity = valid("Component");
        entity.remove("kind");
        assertEquals(one("kind", "kind must have a value"), problems(entity));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1Component", "My-Kind", "my_kind", "Kind!"})
    void rejectsAKindWithAnInvalidFormat(String kind) {
        ObjectNode entity = valid("Environment");
        entity.put("kind", kind);
        assertEquals(one("kind", notValid("kind", KIND, kind)), problems(entity));
    }

    @Test
    void rejectsAKindLongerThan63Characters() {
        ObjectNode entity = valid("Environment");
        String kind = "K" + "a".repeat(63);
        entity.put("kind", kind);
        assertEquals(one("kind", notValid("kind", KIND, kind)), problems(entity));
    }

    @Test
    void rejectsABuiltInKindSpelledInAnotherCase() {
        ObjectNode entity = valid("Component");
        entity.put("kind", "component");
        assertEquals(one("kind", "\"kind\" is not valid; kinds are case sensitive and \"component\" differs from"
                + " the built-in kind \"Component\" only in casing"), problems(entity));
    }

    @Test
    void rejectsANonObjectSpecOnACustomKind() {
        ObjectNode entity = valid("Environment");
        entity.put("spec", "text");
        assertEquals(one("spec", "/spec must be object - type: object"), problems(entity));
    }

    // metadata

    @Test
    void rejectsAMissingMetadata() {
        ObjectNode entity = valid("Component");
        entity.remove("metadata");
        assertEquals(one("metadata", "metadata must have a value"), problems(entity));
    }

    @Test
    void rejectsMetadataThatIsNotAnObject() {
        ObjectNode entity = valid("Component");
        entity.putArray("metadata");
        assertEquals(one("metadata", "/metadata must be object - type: object"), problems(entity));
    }

    @Test
    void rejectsAMissingName() {
        ObjectNode entity = valid("Component");
        metadata(entity).remove("name");
        assertEquals(one("metadata.name", "metadata.name must have a value"), problems(entity));
    }

    @Test
    void rejectsANameWithASpaceWithBackstagesExactMessage() {
        ObjectNode entity = valid("Component");
        metadata(entity).put("name", "bad name");
        assertEquals(one("metadata.name", "\"metadata.name\" is not valid; expected a string that is sequences of"
                + " [a-zA-Z0-9] separated by any of [-_.], at most 63 characters in total but found \"bad name\"."
                + " To learn more about catalog file format, visit:"
                + " https://github.com/backstage/backstage/blob/master/docs/architecture-decisions/adr002-default-catalog-file-format.md"),
                problems(entity));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-leading", "trailing-", "trailing.", "_x", "a/b", "a:b", "ümlaut"})
    void rejectsInvalidNames(String name) {
        ObjectNode entity = valid("Component");
        metadata(entity).put("name", name);
        assertEquals(one("metadata.name", notValid("metadata.name", OBJECT_NAME, name)), problems(entity));
    }

    @Test
    void rejectsANameLongerThan63CharactersButAcceptsExactly63() {
        ObjectNode entity = valid("Component");
        metadata(entity).put("name", "a".repeat(63));
        assertEquals(List.of(), problems(entity));
        metadata(entity).put("name", "a".repeat(64));
        assertEquals(one("metadata.name", notValid("metadata.name", OBJECT_NAME, "a".repeat(64))), problems(entity));
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "a", "Auth_Service.v2", "a-b_c.d", "9"})
    void acceptsNamesWithMixedCaseDotsAndUnderscores(String name) {
        ObjectNode entity = valid("Component");
        metadata(entity).put("name", name);
        assertEquals(List.of(), problems(entity));
    }

    @Test
    void rejectsANumericNamePrintingTheNumber() {
        ObjectNode entity = valid("Component");
        metadata(entity).put("name", 42);
        assertEquals(one("metadata.name", notValid("metadata.name", OBJECT_NAME, "42")), problems(entity));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Default", "my_namespace", "my.namespace", "-ns", "", "ns-"})
    void rejectsANamespaceThatIsNotALowercaseDnsLabel(String namespace) {
        ObjectNode entity = valid("Component");
        metadata(entity).put("namespace", namespace);
        assertEquals(one("metadata.namespace", notValid("metadata.namespace", DNS_LABEL, namespace)),
                problems(entity));
    }

    @Test
    void rejectsANullNamespace() {
        ObjectNode entity = valid("Component");
        metadata(entity).putNull("namespace");
        assertEquals(one("metadata.namespace", "metadata.namespace must have a value"), problems(entity));
    }

    @Test
    void rejectsAUidEtagOrGenerationSetByTheUser() {
        ObjectNode entity = valid("Component");
        metadata(entity).put("uid", "e01199ab-08cc-44c2-8e19-5c29ded82521").put("etag", "abc").put("generation", 1);
        assertEquals(List.of(
                new ValidationProblem("metadata.uid",
                        "metadata.uid can not be set by the user at creation time; the catalog assigns it"),
                new ValidationProblem("metadata.etag",
                        "metadata.etag can not be set by the user at creation time; the catalog assigns it"),
                new ValidationProblem("metadata.generation",
                        "metadata.generation can not be set by the user at creation time; the catalog assigns it")),
                problems(entity));
    }

    @Test
    void rejectsANonStringTitleAndDescription() {
        ObjectNode entity = valid("Component");
        metadata(entity).put("title", 7);
        metadata(entity).set("description", JsonNodeFactory.instance.arrayNode().add("x"));
        assertEquals(List.of(new ValidationProblem("metadata.title", "/metadata/title must be string - type: string"),
                new ValidationProblem("metadata.description", "/metadata/description must be string - type: string")),
                problems(entity));
    }
}
