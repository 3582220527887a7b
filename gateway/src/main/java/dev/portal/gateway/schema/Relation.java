package dev.portal.gateway.schema;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("Relation")
@Description("A relation of the entity (ownedBy, partOf, dependsOn, …); target resolves the other entity, in batch.")
public record Relation(@NonNull String type, @NonNull String targetRef) {
}
