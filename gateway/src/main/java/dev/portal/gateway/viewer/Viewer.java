package dev.portal.gateway.viewer;

import java.util.Set;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

/**
 * The signed-in person: their username, the User entity it names, their token's groups and roles. The entity-valued
 * fields (user, memberOf, owned, scorecards, failing checks) are resolved by {@link ViewerApi}.
 */
@Type("Viewer")
public record Viewer(
        String username,
        @Description("The User entity this person is, e.g. user:default/alice") String userRef,
        @Description("Group names in the token") Set<String> groups,
        @Description("Realm roles in the token (portal-admin may change anything)") Set<String> roles) {
}
