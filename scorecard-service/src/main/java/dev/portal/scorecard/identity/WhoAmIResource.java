package dev.portal.scorecard.identity;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.portal.events.identity.CallerIdentity;
import dev.portal.events.identity.CurrentCaller;
import dev.portal.events.identity.OwnershipSet;
import dev.portal.scorecard.api.Ownership;

/**
 * Who this service takes the caller to be: the user entity ref its decisions are based on (the one named after the
 * token's preferred_username, else the one with the token's email — {@link OwnershipSet#userRef}), groups and roles.
 */
@Path("/api/scorecards/whoami")
public class WhoAmIResource {

    private final CurrentCaller caller;
    private final Ownership ownership;

    public WhoAmIResource(CurrentCaller caller, Ownership ownership) {
        this.caller = caller;
        this.ownership = ownership;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public CallerIdentity whoami() {
        CallerIdentity identity = caller.identity();
        return OwnershipSet.resolve(identity, ownership);
    }
}
