package dev.portal.gateway.integration;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("IntegrationLink")
@Description("A link to a tool about this entity: from a well-known annotation through the operator's URL template"
        + " (source = the annotation), or one of metadata.links (source = metadata.links).")
public record IntegrationLink(@NonNull String id, String title, @NonNull String url, @NonNull String source, String value) {
}
