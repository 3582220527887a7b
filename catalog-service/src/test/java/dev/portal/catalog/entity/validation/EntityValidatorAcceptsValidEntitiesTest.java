package dev.portal.catalog.entity.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EntityValidatorAcceptsValidEntitiesTest {

    private final EntityValidator validator = new EntityValidator();

    static Stream<JsonNode> fixtureEntities() {
        return StreamSupport.stream(TestEntities.fixture().spliterator(), false);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("fixtureEntities")
    void acceptsAValidEntityOfEveryKind(JsonNode entity) {
        assertEquals(List.of(), validator.validate(entity));
        validator.requireValid(entity);
    }

    @Test
    void fixtureCoversEveryBuiltInKindAndACustomKind() {
        Set<String> kinds = new TreeSet<>();
        fixtureEntities().forEach(e -> kinds.add(e.get("kind").asText()));
        assertEquals(new TreeSet<>(List.of("API", "Component", "Domain", "Environment", "Group", "Location",
                "Resource", "System", "Template", "User")), kinds);
    }

    @Test
    void acceptsAMinimalEntityOfEachBuiltInKind() {
        String[] minimal = {
            "{'kind':'Component','spec':{'type':'service','lifecycle':'production','owner':'team-a'}}",
            "{'kind':'API','spec':{'type':'openapi','lifecycle':'production','owner':'team-a','definition':'x'}}",
            "{'kind':'Resource','spec':{'type':'database','owner':'team-a'}}",
            "{'kind':'System','spec':{'owner':'team-a'}}",
            "{'kind':'Domain','spec':{'owner':'team-a'}}",
            "{'kind':'Group','spec':{'type':'team','children':[]}}",
            "{'kind':'User','spec':{'memberOf':[]}}",
            "{'kind':'Location','spec':{}}",
        };
        for (String m : minimal) {
            ObjectNode entity = (ObjectNode) TestEntities.json(m.replace('\'', '"'));
            entity.put("apiVersion", "backstage.io/v1alpha1");
            entity.putObject("metadata").put("name", "x");
            assertEquals(List.of(), validator.validate(entity), m);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"backstage.io/v1alpha1", "backstage.io/v1beta1"})
    void acceptsBothBackstageApiVersionsForBuiltInKinds(String apiVersion) {
        ObjectNode component = TestEntities.valid("Component");
        component.put("apiVersion", apiVersion);
        assertEquals(List.of(), validator.validate(component));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "example.com/v1", "my-company.net/v2beta3", "V1"})
    void acceptsACustomKindWithAnyValidApiVersionAndWithoutSpec(String apiVersion) {
        ObjectNode custom = TestEntities.valid("Environment");
        custom.put("apiVersion", apiVersion);
        custom.remove("spec");
        assertEquals(List.of(), validator.validate(custom));
    }

    @Test
    void acceptsUnknownSpecAndMetadataFieldsOnBuiltInKinds() {
        ObjectNode component = TestEntities.valid("Component");
        TestEntities.spec(component).put("customField", "allowed");
        TestEntities.metadata(component).putObject("custom").put("also", "allowed");
        assertEquals(List.of(), validator.validate(component));
    }

    @Test
    void acceptsEmptyOptionalCollectionsAndAnEmptyLabelValue() {
        ObjectNode component = TestEntities.valid("Component");
        ObjectNode metadata = TestEntities.metadata(component);
        metadata.putObject("labels").put("example.com/flag", "");
        metadata.putObject("annotations");
        metadata.putArray("tags");
        metadata.putArray("links");
        TestEntities.spec(component).putArray("dependsOn");
        assertEquals(List.of(), validator.validate(component));
    }

    @Test
    void acceptsAnExplicitValidNamespaceAndRefsIntoOtherNamespaces() {
        ObjectNode component = TestEntities.valid("Component");
        TestEntities.metadata(component).put("namespace", "payments-2");
        TestEntities.spec(component).put("owner", "group:platform/platform-team");
        assertEquals(List.of(), validator.validate(component));
    }

    @Test
    void theValidatorIsAnApplicationScopedBean() {
        assertTrue(EntityValidator.class.isAnnotationPresent(jakarta.enterprise.context.ApplicationScoped.class));
    }
}
