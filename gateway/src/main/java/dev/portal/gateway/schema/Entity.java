package dev.portal.gateway.schema;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Interface;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * A catalog entity. Every kind has its own type (Component, Api, Resource, System, Domain, Group, User, Location,
 * Template) with its spec fields and its relations as entity-valued fields; each also has docs, scorecards and
 * integrations.
 */
@Interface("Entity")
@Description("A catalog entity (Backstage shape). Use '... on Component { … }' for kind-specific fields.")
public interface Entity extends Node {
    @NonNull
    @Description("kind:namespace/name, lower-cased")
    String getRef();

    @NonNull
    String getKind();

    @NonNull
    String getNamespace();

    @NonNull
    String getName();

    String getApiVersion();

    String getUid();

    String getEtag();

    String getTitle();

    String getDescription();

    List<KeyValue> getLabels();

    List<KeyValue> getAnnotations();

    List<String> getTags();

    @Description("metadata.links")
    List<EntityLink> getLinks();

    List<Relation> getRelations();

    @Description("status.items of the entity (processing errors and warnings)")
    List<EntityStatus> getStatus();

    @Description("The messages of status items at level error")
    List<String> getErrors();

    @Description("The spec as JSON text, for fields without a typed field")
    String getSpecJson();
}
