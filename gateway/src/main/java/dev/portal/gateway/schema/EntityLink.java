package dev.portal.gateway.schema;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("EntityLink")
@Description("A link of metadata.links, or one derived from a well-known annotation (see integrations).")
public record EntityLink(@NonNull String url, String title, String icon, String type) {
}
