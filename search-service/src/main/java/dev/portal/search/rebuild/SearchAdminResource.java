package dev.portal.search.rebuild;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.portal.search.index.DocumentType;
import dev.portal.search.index.IndexingStatus;

/** Operating the index ({@code portal-admin} only): rebuilds without downtime, and what indexing has done. */
@Path("/api/search/admin")
@RolesAllowed("portal-admin")
@Produces(MediaType.APPLICATION_JSON)
public class SearchAdminResource {

    private final IndexRebuilder rebuilder;
    private final IndexingStatus indexing;

    public SearchAdminResource(IndexRebuilder rebuilder, IndexingStatus indexing) {
        this.rebuilder = rebuilder;
        this.indexing = indexing;
    }

    @POST
    @Path("/rebuild/{type}")
    @Operation(summary = "Rebuild a document type's index from its topic, then swap the alias (202; progress at GET)")
    public Response rebuild(@PathParam("type") String type) {
        RebuildStatus status = rebuilder.start(type(type));
        return Response.accepted(status).header("Location", "/api/search/admin/rebuild/" + type).build();
    }

    @GET
    @Path("/rebuild/{type}")
    @Operation(summary = "Progress of the running or last rebuild of a document type")
    public RebuildStatus rebuildStatus(@PathParam("type") String type) {
        return rebuilder.status(type(type))
                .orElseThrow(() -> new NotFoundException("No rebuild of " + type + " since this instance started"));
    }

    @GET
    @Path("/indexing")
    @Operation(summary = "Messages indexed, skipped and dead-lettered since start; whether indexing waits for OpenSearch")
    public IndexingStatus.Snapshot indexingStatus() {
        return indexing.snapshot();
    }

    private static DocumentType type(String id) {
        return DocumentType.of(id).orElseThrow(() -> new NotFoundException("No document type " + id));
    }
}
