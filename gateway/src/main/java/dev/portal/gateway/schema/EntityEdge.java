package dev.portal.gateway.schema;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("EntityEdge")
public record EntityEdge(@NonNull @Description("Pass it as after to continue right after this edge") String cursor,
                         @NonNull Entity node) {
}
