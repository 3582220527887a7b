package dev.portal.catalog.entity.validation;

import static dev.portal.catalog.entity.validation.TestEntities.OBJECT_NAME;
import static dev.portal.catalog.entity.validation.TestEntities.PREFIX_SUFFIX;
import static dev.portal.catalog.entity.validation.TestEntities.TAG;
import static dev.portal.catalog.entity.validation.TestEntities.metadata;
import static dev.portal.catalog.entity.validation.TestEntities.notValid;
import static dev.portal.catalog.entity.validation.TestEntities.spec;
import static dev.portal.catalog.entity.validation.TestEntities.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Labels, annotations, tags, links, and keys that vary only in casing. */
class EntityValidatorMetadataTest {

    private final EntityValidator validator = new EntityValidator();

    private static List<ValidationProblem> one(String field, String message) {
        return List.of(new ValidationProblem(field, message));
    }

    private ObjectNode componentWith(String metadataField) {
        ObjectNode entity = valid("Component");
        metadata(entity).remove(metadataField);
        return entity;
    }

    // labels

    @ParameterizedTest
    @ValueSource(strings = {"tier", "Tier_2", "example.com/tier", "backstage.io/custom", "a.b-c.d/x.y_z"})
    void acceptsValidLabelKeys(String key) {
        ObjectNode entity = componentWith("labels");
        metadata(entity).putObject("labels").put(key, "value");
        assertEquals(List.of(), validator.validate(entity));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b/c", "Example.com/tier", "example.com/", "/tier", "exa_mple.com/tier", "bad key",
        "-tier"})
    void rejectsInvalidLabelKeysIncludingMoreThanOneSlash(String key) {
        ObjectNode entity = componentWith("labels");
        metadata(entity).putObject("labels").put(key, "value");
        assertEquals(one("labels." + key, notValid("labels." + key, PREFIX_SUFFIX, key)),
                validator.validate(entity));
    }

    @ParameterizedTest
    @ValueSource(strings = {"two words", "-x", "x-", "a/b", "é"})
    void rejectsLabelValuesThatAreNotObjectNames(String value) {
        ObjectNode entity = componentWith("labels");
        metadata(entity).putObject("labels").put("tier", value);
        assertEquals(one("labels.tier", notValid("labels.tier", OBJECT_NAME, value)), validator.validate(entity));
    }

    @Test
    void rejectsANullOrNonStringLabelValue() {
        ObjectNode entity = componentWith("labels");
        metadata(entity).putObject("labels").putNull("tier").put("count", 3);
        assertEquals(List.of(new ValidationProblem("labels.tier", "labels.tier must have a value"),
                new ValidationProblem("labels.count", notValid("labels.count", OBJECT_NAME, "3"))),
                validator.validate(entity));
    }

    @Test
    void reportsBothAnInvalidLabelKeyAndItsInvalidValue() {
        ObjectNode entity = componentWith("labels");
        metadata(entity).putObject("labels").put("a/b/c", "not ok");
        assertEquals(List.of(new ValidationProblem("labels.a/b/c", notValid("labels.a/b/c", PREFIX_SUFFIX, "a/b/c")),
                new ValidationProblem("labels.a/b/c", notValid("labels.a/b/c", OBJECT_NAME, "not ok"))),
                validator.validate(entity));
    }

    @Test
    void rejectsLabelsThatAreNotAnObject() {
        ObjectNode entity = componentWith("labels");
        metadata(entity).putArray("labels").add("tier");
        assertEquals(one("metadata.labels", "/metadata/labels must be object - type: object"),
                validator.validate(entity));
    }

    // annotations

    @Test
    void acceptsAnyStringAsAnAnnotationValue() {
        ObjectNode entity = componentWith("annotations");
        metadata(entity).putObject("annotations")
                .put("backstage.io/techdocs-ref", "dir:.")
                .put("example.com/notes", "free text, with spaces: and / slashes\nand newlines")
                .put("empty", "");
        assertEquals(List.of(), validator.validate(entity));
    }

    @Test
    void rejectsAnInvalidAnnotationKey() {
        ObjectNode entity = componentWith("annotations");
        metadata(entity).putObject("annotations").put("github.com/project/slug", "a/b");
        assertEquals(one("annotations.github.com/project/slug",
                notValid("annotations.github.com/project/slug", PREFIX_SUFFIX, "github.com/project/slug")),
                validator.validate(entity));
    }

    @Test
    void rejectsANonStringAnnotationValue() {
        ObjectNode entity = componentWith("annotations");
        metadata(entity).putObject("annotations").put("example.com/enabled", true)
                .putObject("example.com/nested").put("a", 1);
        assertEquals(List.of(
                new ValidationProblem("annotations.example.com/enabled",
                        notValid("annotations.example.com/enabled", "a string", "true")),
                new ValidationProblem("annotations.example.com/nested",
                        notValid("annotations.example.com/nested", "a string", "[object Object]"))),
                validator.validate(entity));
    }

    @Test
    void rejectsANullAnnotationValue() {
        ObjectNode entity = componentWith("annotations");
        metadata(entity).putObject("annotations").putNull("example.com/x");
        assertEquals(one("annotations.example.com/x", "annotations.example.com/x must have a value"),
                validator.validate(entity));
    }

    @Test
    void rejectsAnnotationsThatAreNotAnObject() {
        ObjectNode entity = componentWith("annotations");
        metadata(entity).put("annotations", "x=y");
        assertEquals(one("metadata.annotations", "/metadata/annotations must be object - type: object"),
                validator.validate(entity));
    }

    // tags

    @ParameterizedTest
    @ValueSource(strings = {"java", "c++", "c#", "spring-boot", "k8s", "a" + "", "0-9"})
    void acceptsValidTags(String tag) {
        ObjectNode entity = componentWith("tags");
        metadata(entity).putArray("tags").add(tag);
        assertEquals(List.of(), validator.validate(entity));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Java", "spring_boot", "spring boot", "-java", "java-", "a--b", "", "team:backend",
        "env=prod"})
    void rejectsInvalidTags(String tag) {
        ObjectNode entity = componentWith("tags");
        metadata(entity).putArray("tags").add("ok").add(tag);
        assertEquals(one("tags.1", notValid("tags.1", TAG, tag)), validator.validate(entity));
    }

    @Test
    void rejectsATagLongerThan63Characters() {
        ObjectNode entity = componentWith("tags");
        String tag = "t".repeat(64);
        metadata(entity).putArray("tags").add(tag);
        assertEquals(one("tags.0", notValid("tags.0", TAG, tag)), validator.validate(entity));
    }

    @Test
    void rejectsNullAndNonStringTags() {
        ObjectNode entity = componentWith("tags");
        metadata(entity).putArray("tags").addNull().add(12);
        assertEquals(List.of(new ValidationProblem("tags.0", "tags.0 must have a value"),
                new ValidationProblem("tags.1", notValid("tags.1", TAG, "12"))), validator.validate(entity));
    }

    @Test
    void rejectsTagsThatAreNotAnArray() {
        ObjectNode entity = componentWith("tags");
        metadata(entity).put("tags", "java");
        assertEquals(one("metadata.tags", "/metadata/tags must be array - type: array"), validator.validate(entity));
    }

    // links

    @Test
    void acceptsALinkWithOnlyAUrl() {
        ObjectNode entity = componentWith("links");
        metadata(entity).putArray("links").addObject().put("url", "https://example.com");
        assertEquals(List.of(), validator.validate(entity));
    }

    @Test
    void rejectsALinkWithoutAUrl() {
        ObjectNode entity = componentWith("links");
        metadata(entity).putArray("links").addObject().put("title", "Dashboard");
        assertEquals(one("links.0.url", "links.0.url must have a value"), validator.validate(entity));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a url", "/docs/index.html", "example.com", "https://", "http://exa mple.com",
        "https://example.com:99999", "http://[::1", ""})
    void rejectsALinkWhoseUrlIsNotAnAbsoluteUrl(String url) {
        ObjectNode entity = componentWith("links");
        metadata(entity).putArray("links").addObject().put("url", url);
        assertEquals(one("links.0.url", notValid("links.0.url", "a string that is a valid url", url)),
                validator.validate(entity));
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "", "\t\n"})
    void rejectsABlankLinkTitle(String title) {
        ObjectNode entity = componentWith("links");
        metadata(entity).putArray("links").addObject().put("url", "https://example.com").put("title", title);
        assertEquals(one("links.0.title", notValid("links.0.title", "a non empty string", title)),
                validator.validate(entity));
    }

    @Test
    void rejectsALinkIconThatIsNotAnObjectName() {
        ObjectNode entity = componentWith("links");
        metadata(entity).putArray("links").addObject().put("url", "https://example.com").put("icon", "my icon");
        assertEquals(one("links.0.icon", notValid("links.0.icon", OBJECT_NAME, "my icon")),
                validator.validate(entity));
    }

    @Test
    void rejectsANullLinkTitleAndANonStringLinkType() {
        ObjectNode entity = componentWith("links");
        ObjectNode link = metadata(entity).putArray("links").addObject().put("url", "https://example.com");
        link.putNull("title");
        link.put("type", 5);
        assertEquals(List.of(new ValidationProblem("links.0.title", "links.0.title must have a value"),
                new ValidationProblem("metadata.links.0.type", "/metadata/links/0/type must be string - type: string")),
                validator.validate(entity));
    }

    @Test
    void rejectsLinksThatAreNotAnArrayOfObjects() {
        ObjectNode entity = componentWith("links");
        metadata(entity).putArray("links").add("https://example.com");
        assertEquals(one("metadata.links.0", "/metadata/links/0 must be object - type: object"),
                validator.validate(entity));

        metadata(entity).putObject("links").put("url", "https://example.com");
        assertEquals(one("metadata.links", "/metadata/links must be array - type: array"),
                validator.validate(entity));
    }

    // keys that vary only in casing

    @Test
    void rejectsLabelKeysThatDifferOnlyInCase() {
        ObjectNode entity = componentWith("labels");
        metadata(entity).putObject("labels").put("tier", "critical").put("Tier", "low");
        assertEquals(one("metadata.labels.tier",
                "Entity has duplicate keys that vary only in casing, 'metadata.labels.tier'"),
                validator.validate(entity));
    }

    @Test
    void rejectsAnnotationKeysThatDifferOnlyInCaseListingEveryDuplicate() {
        ObjectNode entity = componentWith("annotations");
        metadata(entity).putObject("annotations")
                .put("example.com/Owner", "a").put("example.com/owner", "b")
                .put("example.com/TEAM", "c").put("example.com/team", "d");
        assertEquals(one("metadata.annotations.example.com/owner",
                "Entity has duplicate keys that vary only in casing,"
                        + " 'metadata.annotations.example.com/owner', 'metadata.annotations.example.com/team'"),
                validator.validate(entity));
    }

    @Test
    void rejectsSpecKeysThatDifferOnlyInCaseAsBackstageDoes() {
        ObjectNode entity = valid("Component");
        spec(entity).put("Owner", "someone-else");
        assertEquals(one("spec.owner", "Entity has duplicate keys that vary only in casing, 'spec.owner'"),
                validator.validate(entity));
    }

    @Test
    void acceptsArrayItemsThatDifferOnlyInCase() {
        ObjectNode entity = valid("Component");
        ArrayNode dependsOn = spec(entity).putArray("dependsOn");
        dependsOn.add("component:keycloak-theme").add("Component:Keycloak-Theme");
        assertEquals(List.of(), validator.validate(entity));
    }
}
