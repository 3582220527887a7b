package dev.portal.catalog.relation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.EntityRef;

/**
 * The relations an entity's spec declares, per Backstage's BuiltinKindsEntityProcessor (reference §2.2): each target
 * gives {@code self --outgoing--> target} and {@code target --incoming--> self}; a target without kind gets the
 * field's default kind, without namespace the entity's own namespace.
 */
public final class RelationGenerator {

    /** One row of the table in §2.2. */
    private record Rule(String kind, String field, String defaultKind, String outgoing, String incoming) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("component", "owner", "group", "ownedBy", "ownerOf"),
            new Rule("component", "subcomponentOf", "component", "partOf", "hasPart"),
            new Rule("component", "providesApis", "api", "providesApi", "apiProvidedBy"),
            new Rule("component", "consumesApis", "api", "consumesApi", "apiConsumedBy"),
            new Rule("component", "dependsOn", null, "dependsOn", "dependencyOf"),
            new Rule("component", "dependencyOf", null, "dependencyOf", "dependsOn"),
            new Rule("component", "system", "system", "partOf", "hasPart"),
            new Rule("api", "owner", "group", "ownedBy", "ownerOf"),
            new Rule("api", "system", "system", "partOf", "hasPart"),
            new Rule("resource", "owner", "group", "ownedBy", "ownerOf"),
            new Rule("resource", "dependsOn", null, "dependsOn", "dependencyOf"),
            new Rule("resource", "dependencyOf", null, "dependencyOf", "dependsOn"),
            new Rule("resource", "system", "system", "partOf", "hasPart"),
            new Rule("user", "memberOf", "group", "memberOf", "hasMember"),
            new Rule("group", "parent", "group", "childOf", "parentOf"),
            new Rule("group", "children", "group", "parentOf", "childOf"),
            new Rule("group", "members", "user", "hasMember", "memberOf"),
            new Rule("system", "owner", "group", "ownedBy", "ownerOf"),
            new Rule("system", "domain", "domain", "partOf", "hasPart"),
            new Rule("domain", "owner", "group", "ownedBy", "ownerOf"),
            new Rule("domain", "subdomainOf", "domain", "partOf", "hasPart"),
            new Rule("template", "owner", "group", "ownedBy", "ownerOf"));

    private RelationGenerator() {
    }

    /** Both directions of every relation {@code entity}'s spec declares; refs are canonical (lower-cased). */
    public static List<Relation> relationsOf(EntityRef self, JsonNode entity) {
        String kind = entity.path("kind").asText().toLowerCase(Locale.ROOT);
        JsonNode spec = entity.path("spec");
        List<Relation> relations = new ArrayList<>();
        for (Rule rule : RULES) {
            if (!rule.kind.equals(kind)) {
                continue;
            }
            JsonNode value = spec.path(rule.field);
            List<JsonNode> targets = new ArrayList<>();
            if (value.isArray()) {
                value.forEach(targets::add);
            } else if (value.isTextual()) {
                targets.add(value);
            }
            for (JsonNode target : targets) {
                EntityRef targetRef = EntityRef.parse(target.asText(), rule.defaultKind, self.namespace());
                relations.add(new Relation(self.canonical(), rule.outgoing, targetRef.canonical()));
                relations.add(new Relation(targetRef.canonical(), rule.incoming, self.canonical()));
            }
        }
        return relations;
    }
}
