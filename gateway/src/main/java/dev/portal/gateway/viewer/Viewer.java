package dev.portal.gateway.viewer;

import java.util.Set;

import org.eclipse.microprofile.graphql.Description;

/** The signed-in person: their username, the User entity it names, their groups and roles. */
public record Viewer(
        String username,
        @Description("The User entity this person is, e.g. user:default/alice") String userRef,
        Set<String> groups,
        Set<String> roles) {
}
