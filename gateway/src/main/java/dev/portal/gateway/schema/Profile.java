package dev.portal.gateway.schema;

import org.eclipse.microprofile.graphql.Type;

@Type("Profile")
public record Profile(String displayName, String email, String picture) {
}
