package dev.portal.search.identity;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.portal.events.identity.CallerIdentity;
import dev.portal.events.identity.CurrentCaller;

/**
 * Who this service takes the caller to be: the token's groups and roles, which its only decision (the admin rebuild)
 * is based on. Search decides nothing by ownership and holds no Users, so {@code userRef} is the token's username as
 * is; the catalog, TechDocs and scorecards resolve it further (design.md's email fallback) and may answer another.
 */
@Path("/api/search/whoami")
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
