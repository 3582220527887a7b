package dev.portal.gateway.schema;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("EntityConnection")
public record EntityConnection(@NonNull List<@NonNull EntityEdge> edges, @NonNull PageInfo pageInfo,
                               @Description("All entities matching, over all pages") long totalCount) {
}
