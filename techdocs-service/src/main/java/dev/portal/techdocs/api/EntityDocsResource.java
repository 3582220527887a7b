package dev.portal.techdocs.api;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.portal.events.EntityRef;
import dev.portal.techdocs.site.SiteRepository;

/** The JSON API the gateway composes: an entity's docs state and nav, a batch of them, and one page's sanitised body. */
@Path("/api/techdocs")
@Produces(MediaType.APPLICATION_JSON)
public class EntityDocsResource {

    /** Body of the batch request. */
    public record BatchRequest(List<String> entityRefs) {
    }

    private static final int MAX_BATCH = 1000;

    private final DocsViews views;
    private final SiteRepository repository;

    public EntityDocsResource(DocsViews views, SiteRepository repository) {
        this.views = views;
        this.repository = repository;
    }

    @GET
    @Path("/entity/{namespace}/{kind}/{name}/docs")
    public DocsView docs(@PathParam("namespace") String namespace, @PathParam("kind") String kind,
                         @PathParam("name") String name) {
        return views.view(EntityPaths.ref(namespace, kind, name));
    }

    @POST
    @Path("/entities/docs")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, List<DocsView>> batch(BatchRequest request) {
        if (request == null || request.entityRefs() == null) {
            throw new BadRequestException("Expected a body {\"entityRefs\": [\"kind:namespace/name\", …]}");
        }
        if (request.entityRefs().size() > MAX_BATCH) {
            throw new BadRequestException("At most " + MAX_BATCH + " entityRefs per request");
        }
        List<String> refs = new ArrayList<>(request.entityRefs().size());
        for (String ref : request.entityRefs()) {
            try {
                refs.add(EntityRef.parse(ref).canonical());
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(e.getMessage());
            }
        }
        return Map.of("items", views.views(refs));
    }

    @GET
    @Path("/entity/{namespace}/{kind}/{name}/page")
    public PageView page(@PathParam("namespace") String namespace, @PathParam("kind") String kind,
                         @PathParam("name") String name, @QueryParam("path") String path) {
        String ref = EntityPaths.ref(namespace, kind, name);
        String sitePath = EntityPaths.sitePath(path);
        if (sitePath.endsWith("index.html")) {
            sitePath = sitePath.substring(0, sitePath.length() - "index.html".length());
        }
        if (!sitePath.isEmpty() && !sitePath.endsWith("/")) {
            sitePath = sitePath + "/";
        }
        String found = sitePath;
        return repository.page(ref, sitePath)
                .map(page -> new PageView(page.path(), page.title(), page.html(), page.toc()))
                .orElseThrow(() -> new NotFoundException("No page '" + found + "' in the docs of " + ref));
    }
}
