package dev.portal.techdocs.identity;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.portal.events.identity.CallerIdentity;
import dev.portal.events.identity.CurrentCaller;

/**
 * Who this service takes the caller to be: the User entity its decisions are based on (by the token's name, else by
 * its email), groups and roles.
 */
@Path("/api/techdocs/whoami")
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
        return ownership.resolve(caller.identity());
    }
}
