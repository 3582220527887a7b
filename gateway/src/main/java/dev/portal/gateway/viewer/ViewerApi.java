package dev.portal.gateway.viewer;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Query;

import dev.portal.events.identity.CurrentCaller;

/** The signed-in person. Grows into "everything I own" as the catalog and scorecards land. */
@GraphQLApi
public class ViewerApi {

    private final CurrentCaller caller;

    public ViewerApi(CurrentCaller caller) {
        this.caller = caller;
    }

    @Query("viewer")
    @Description("The signed-in person, as the portal identifies them from their token.")
    public Viewer viewer() {
        var identity = caller.identity();
        return new Viewer(identity.username(), identity.userRef().canonical(), identity.groups(), identity.roles());
    }
}
