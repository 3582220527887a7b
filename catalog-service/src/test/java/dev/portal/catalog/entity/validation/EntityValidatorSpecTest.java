package dev.portal.catalog.entity.validation;

import static dev.portal.catalog.entity.validation.TestEntities.spec;
import static dev.portal.catalog.entity.validation.TestEntities.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The spec of each built-in kind: required fields, types, and entity refs. */
class EntityValidatorSpecTest {

    private final EntityValidator validator = new EntityValidator();

    private static List<ValidationProblem> one(String field, String message) {
        return List.of(new ValidationProblem(field, message));
    }

    private static ValidationProblem missing(String property) {
        return new ValidationProblem("spec." + property,
                "/spec must have required property '" + property + "' - missingProperty: " + property);
    }

    @ParameterizedTest(name = "{0} requires spec.{1}")
    @CsvSource({
        "Component, type", "Component, lifecycle", "Component, owner",
        "API, type", "API, lifecycle", "API, owner", "API, definition",
        "Resource, type", "Resource, owner",
        "System, owner",
        "Domain, owner",
        "Group, type", "Group, children",
        "User, memberOf",
        "Template, type",
    })
    void rejectsAMissingRequiredSpecField(String kind, String field) {
        ObjectNode entity = valid(kind);
        spec(entity).remove(field);
        assertEquals(List.of(missing(field)), validator.validate(entity));
    }

    @Test
    void reportsEveryMissingRequiredFieldOfAnEmptyComponentSpec() {
        ObjectNode entity = valid("Component");
        entity.putObject("spec");
        assertEquals(List.of(missing("type"), missing("lifecycle"), missing("owner")), validator.validate(entity));
    }

    @ParameterizedTest(name = "{0} needs a spec")
    @CsvSource({"Component", "API", "Resource", "System", "Domain", "Group", "User", "Location", "Template"})
    void rejectsABuiltInKindWithoutSpec(String kind) {
        ObjectNode entity = valid(kind);
        entity.remove("spec");
        assertEquals(one("spec", "<root> must have required property 'spec' - missingProperty: spec"),
                validator.validate(entity));
    }

    @Test
    void rejectsASpecThatIsNotAnObject() {
        ObjectNode entity = valid("System");
        entity.putArray("spec");
        assertEquals(one("spec", "/spec must be object - type: object"), validator.validate(entity));
    }

    @ParameterizedTest(name = "{0}.spec.{1} must be a string")
    @CsvSource({
        "Component, type", "Component, lifecycle", "Component, owner", "Component, system",
        "Component, subcomponentOf",
        "API, definition", "API, system",
        "Resource, system",
        "System, domain", "System, type",
        "Domain, subdomainOf", "Domain, type",
        "Group, type", "Group, parent",
        "Location, type", "Location, target",
        "Template, type", "Template, owner",
    })
    void rejectsANonStringValueForAStringSpecField(String kind, String field) {
        ObjectNode entity = valid(kind);
        spec(entity).putObject(field).put("$text", "./definition.yaml");
        assertEquals(one("spec." + field, "/spec/" + field + " must be string - type: string"),
                validator.validate(entity));
    }

    @Test
    void rejectsANullRequiredStringAsAWrongType() {
        ObjectNode entity = valid("Component");
        spec(entity).putNull("owner");
        assertEquals(one("spec.owner", "/spec/owner must be string - type: string"), validator.validate(entity));
    }

    @Test
    void rejectsEmptyStrings() {
        ObjectNode entity = valid("API");
        spec(entity).put("definition", "").put("lifecycle", "");
        assertEquals(List.of(
                new ValidationProblem("spec.lifecycle", "/spec/lifecycle must NOT have fewer than 1 characters - limit: 1"),
                new ValidationProblem("spec.definition",
                        "/spec/definition must NOT have fewer than 1 characters - limit: 1")),
                validator.validate(entity));
    }

    @ParameterizedTest(name = "{0}.spec.{1} must be an array")
    @CsvSource({
        "Component, providesApis", "Component, consumesApis", "Component, dependsOn", "Component, dependencyOf",
        "Resource, dependsOn", "Resource, dependencyOf",
        "Group, children", "Group, members",
        "User, memberOf",
        "Location, targets",
    })
    void rejectsANonArrayValueForAnArraySpecField(String kind, String field) {
        ObjectNode entity = valid(kind);
        spec(entity).put(field, "component:default/x");
        assertEquals(one("spec." + field, "/spec/" + field + " must be array - type: array"),
                validator.validate(entity));
    }

    @Test
    void rejectsNonStringAndEmptyArrayItems() {
        ObjectNode entity = valid("Location");
        spec(entity).putArray("targets").add("./a.yaml").add(3).add("");
        assertEquals(List.of(new ValidationProblem("spec.targets.1", "/spec/targets/1 must be string - type: string"),
                new ValidationProblem("spec.targets.2",
                        "/spec/targets/2 must NOT have fewer than 1 characters - limit: 1")),
                validator.validate(entity));
    }

    @Test
    void rejectsALocationPresenceOtherThanRequiredOrOptional() {
        ObjectNode entity = valid("Location");
        spec(entity).put("presence", "mandatory");
        assertEquals(one("spec.presence",
                "/spec/presence must be equal to one of the allowed values - allowedValues: required,optional"),
                validator.validate(entity));
        spec(entity).put("presence", "required");
        assertEquals(List.of(), validator.validate(entity));
    }

    @Test
    void rejectsAGroupProfileThatIsNotAnObjectOrHasNonStringFields() {
        ObjectNode group = valid("Group");
        spec(group).put("profile", "Engineering");
        assertEquals(one("spec.profile", "/spec/profile must be object - type: object"), validator.validate(group));

        spec(group).putObject("profile").put("displayName", "").put("email", 5);
        assertEquals(List.of(
                new ValidationProblem("spec.profile.displayName",
                        "/spec/profile/displayName must NOT have fewer than 1 characters - limit: 1"),
                new ValidationProblem("spec.profile.email", "/spec/profile/email must be string - type: string")),
                validator.validate(group));
    }

    @Test
    void rejectsAUserExternalHandleThatIsNotAString() {
        ObjectNode user = valid("User");
        ((ObjectNode) spec(user).get("profile")).putObject("externalHandles").put("github", 42);
        assertEquals(one("spec.profile.externalHandles.github",
                "/spec/profile/externalHandles/github must be string - type: string"), validator.validate(user));
    }

    @Test
    void leavesTheRestOfATemplateSpecToTheScaffolder() {
        ObjectNode template = valid("Template");
        spec(template).remove("steps");
        spec(template).put("parameters", "anything");
        assertEquals(List.of(), validator.validate(template));
    }

    // entity refs

    @ParameterizedTest(name = "{0}.spec.{1} = {2}")
    @CsvSource({
        "Component, owner, group:default/team/extra",
        "Component, system, 'system:'",
        "Component, subcomponentOf, a:b:c",
        "API, owner, :team-a",
        "Resource, system, ns/",
        "System, owner, 'a/b/c'",
        "System, domain, domain:/x",
        "Domain, owner, team a/b/c",
        "Domain, subdomainOf, x:y:z",
        "Group, parent, group:/parent",
        "Template, owner, user:/x",
    })
    void rejectsAMalformedEntityRefWithBackstagesMessage(String kind, String field, String ref) {
        ObjectNode entity = valid(kind);
        spec(entity).put(field, ref);
        assertEquals(one("spec." + field,
                "Entity reference \"" + ref + "\" was not on the form [<kind>:][<namespace>/]<name>"),
                validator.validate(entity));
    }

    @ParameterizedTest(name = "{0}.spec.{1}[1] = {2}")
    @CsvSource({
        "Component, providesApis, api:a/b/c",
        "Component, consumesApis, 'api:'",
        "Component, dependsOn, resource:x:y",
        "Component, dependencyOf, component:/x",
        "Resource, dependsOn, a/b/c",
        "Resource, dependencyOf, :x",
        "Group, children, group:x/y/z",
        "Group, members, user:",
        "User, memberOf, group::x",
    })
    void rejectsAMalformedEntityRefInAnArray(String kind, String field, String ref) {
        ObjectNode entity = valid(kind);
        spec(entity).putArray(field).add("component:default/fine").add(ref);
        assertEquals(one("spec." + field + ".1",
                "Entity reference \"" + ref + "\" was not on the form [<kind>:][<namespace>/]<name>"),
                validator.validate(entity));
    }

    @Test
    void requiresAKindInDependsOnAndDependencyOfRefsBecauseTheyHaveNoDefaultKind() {
        ObjectNode entity = valid("Component");
        spec(entity).putArray("dependsOn").add("identity-db");
        spec(entity).putArray("dependencyOf").add("default/user-profile-service");
        String noKind = "\" had missing or empty kind (e.g. did not start with \"component:\" or similar)";
        assertEquals(List.of(
                new ValidationProblem("spec.dependsOn.0", "Entity reference \"identity-db" + noKind),
                new ValidationProblem("spec.dependencyOf.0", "Entity reference \"default/user-profile-service" + noKind)),
                validator.validate(entity));
    }

    @Test
    void acceptsRefsWithoutKindWhereTheFieldHasADefaultKind() {
        ObjectNode entity = valid("Component");
        spec(entity).put("owner", "platform-team").put("system", "other-ns/identity").put("subcomponentOf", "x");
        spec(entity).putArray("providesApis").add("auth-api").add("API:other/auth-api");
        assertEquals(List.of(), validator.validate(entity));
    }
}
