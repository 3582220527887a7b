package dev.portal.gateway.viewer;

import java.util.Set;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

/**
 * The signed-in person: their username, their token's groups and roles — what the token says, so answered without any
 * service. The User entity they are ({@code userRef}) and the entity-valued fields (user, memberOf, owned, scorecards,
 * failing checks) are the catalog's answers, resolved by {@link ViewerApi} only when asked.
 */
@Type("Viewer")
public record Viewer(
        String username,
        @Description("Group names in the token") Set<String> groups,
        @Description("Realm roles in the token (portal-admin may change anything)") Set<String> roles) {
}
