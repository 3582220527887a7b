package dev.portal.catalog.relation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.EntityRef;
import dev.portal.events.Json;

/** Every row of Backstage's spec-field → relation table (reference §2.2), in both directions. */
class RelationGeneratorTest {

    @ParameterizedTest(name = "{0}.spec.{1} → {3} / {4}")
    @CsvSource({
            "Component, owner,          team-a,        group:default/team-a,       ownedBy,      ownerOf",
            "Component, subcomponentOf, parent-comp,   component:default/parent-comp, partOf,    hasPart",
            "Component, providesApis,   an-api,        api:default/an-api,         providesApi,  apiProvidedBy",
            "Component, consumesApis,   an-api,        api:default/an-api,         consumesApi,  apiConsumedBy",
            "Component, dependsOn,      resource:db,   resource:default/db,        dependsOn,    dependencyOf",
            "Component, dependencyOf,   component:x,   component:default/x,        dependencyOf, dependsOn",
            "Component, system,         sys,           system:default/sys,         partOf,       hasPart",
            "API,       owner,          team-a,        group:default/team-a,       ownedBy,      ownerOf",
            "API,       system,         sys,           system:default/sys,         partOf,       hasPart",
            "Resource,  owner,          team-a,        group:default/team-a,       ownedBy,      ownerOf",
            "Resource,  dependsOn,      resource:db,   resource:default/db,        dependsOn,    dependencyOf",
            "Resource,  dependencyOf,   component:x,   component:default/x,        dependencyOf, dependsOn",
            "Resource,  system,         sys,           system:default/sys,         partOf,       hasPart",
            "User,      memberOf,       team-a,        group:default/team-a,       memberOf,     hasMember",
            "Group,     parent,         eng,           group:default/eng,          childOf,      parentOf",
            "Group,     children,       team-b,        group:default/team-b,       parentOf,     childOf",
            "Group,     members,        alice,         user:default/alice,         hasMember,    memberOf",
            "System,    owner,          team-a,        group:default/team-a,       ownedBy,      ownerOf",
            "System,    domain,         dom,           domain:default/dom,         partOf,       hasPart",
            "Domain,    owner,          team-a,        group:default/team-a,       ownedBy,      ownerOf",
            "Domain,    subdomainOf,    dom,           domain:default/dom,         partOf,       hasPart",
            "Template,  owner,          team-a,        group:default/team-a,       ownedBy,      ownerOf" })
    void generatesBothDirectionsOfEachSpecField(String kind, String field, String value, String target, String outgoing,
                                                String incoming) {
        boolean array = List.of("providesApis", "consumesApis", "dependsOn", "dependencyOf", "memberOf", "children",
                "members").contains(field);
        String json = "{\"kind\":\"" + kind + "\",\"metadata\":{\"name\":\"self\"},\"spec\":{\"" + field + "\":"
                + (array ? "[\"" + value + "\"]" : "\"" + value + "\"") + "}}";
        JsonNode entity = Json.tree(json.getBytes());
        String self = EntityRef.of(kind, "default", "self").canonical();

        List<Relation> relations = RelationGenerator.relationsOf(EntityRef.parse(self), entity);

        assertEquals(List.of(new Relation(self, outgoing, target), new Relation(target, incoming, self)), relations);
    }

    @Test
    void defaultsATargetsNamespaceToTheEntitysOwn() {
        JsonNode entity = Json.tree("""
                {"kind":"Component","metadata":{"name":"c","namespace":"ops"},"spec":{"owner":"team-a","system":"other/sys"}}
                """.getBytes());
        List<Relation> relations = RelationGenerator.relationsOf(EntityRef.of("component", "ops", "c"), entity);
        assertTrue(relations.contains(new Relation("component:ops/c", "ownedBy", "group:ops/team-a")));
        assertTrue(relations.contains(new Relation("component:ops/c", "partOf", "system:other/sys")));
    }

    @Test
    void declaresNothingForKindsWithoutRelationFields() {
        JsonNode location = Json.tree("{\"kind\":\"Location\",\"metadata\":{\"name\":\"l\"},\"spec\":{\"target\":\"x\"}}".getBytes());
        assertEquals(List.of(), RelationGenerator.relationsOf(EntityRef.of("location", "default", "l"), location));
    }
}
