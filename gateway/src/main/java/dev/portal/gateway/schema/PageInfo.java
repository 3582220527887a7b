package dev.portal.gateway.schema;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

@Type("PageInfo")
public record PageInfo(boolean hasNextPage, boolean hasPreviousPage,
                       @Description("The first edge's cursor (null without edges)") String startCursor,
                       @Description("The last edge's cursor when there is a next page, else null: pass it as after")
                       String endCursor) {
}
