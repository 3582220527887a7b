package dev.portal.gateway.schema;

import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("EntityEdge")
public record EntityEdge(@NonNull String cursor, @NonNull Entity node) {
}
