package dev.portal.techdocs.identity;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.portal.events.identity.CallerIdentity;
import dev.portal.events.identity.CurrentCaller;

/** Who this service takes the caller to be: the user entity ref, groups and roles its decisions are based on. */
@Path("/api/techdocs/whoami")
public class WhoAmIResource {

    private final CurrentCaller caller;

    public WhoAmIResource(CurrentCaller caller) {
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public CallerIdentity whoami() {
        return caller.identity();
    }
}
