package dev.portal.techdocs.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.events.Json;
import dev.portal.techdocs.build.BuiltSite;
import dev.portal.techdocs.site.ServedFileCache;
import dev.portal.techdocs.site.SiteRepository;
import dev.portal.techdocs.site.TrackedEntity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Backstage's TechDocs backend paths: the published files ({@code /static/docs/{ns}/{kind}/{name}/{path}}, pages as
 * {@code <path>/index.html}, with content types, ETag and 304), {@code techdocs_metadata.json} and the entity with its
 * location metadata. Every response forbids scripts (CSP sandbox) and content sniffing, as defence in depth behind
 * the sanitiser.
 */
@Path("/api/techdocs")
public class StaticDocsResource {

    static final String CSP = "default-src 'none'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline'; "
            + "font-src 'self'; sandbox";

    private final SiteRepository repository;
    private final ServedFileCache cache;

    public StaticDocsResource(SiteRepository repository, ServedFileCache cache) {
        this.repository = repository;
        this.cache = cache;
    }

    @GET
    @Path("/static/docs/{namespace}/{kind}/{name}")
    public Uni<Response> home(@PathParam("namespace") String namespace, @PathParam("kind") String kind,
                              @PathParam("name") String name, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return file(namespace, kind, name, "", ifNoneMatch);
    }

    /**
     * A cached file is answered on the I/O thread; only a miss goes to a worker thread for the database. The caller's
     * token is checked before either, as for every /api path.
     */
    @GET
    @Path("/static/docs/{namespace}/{kind}/{name}/{path: .*}")
    public Uni<Response> file(@PathParam("namespace") String namespace, @PathParam("kind") String kind,
                              @PathParam("name") String name, @PathParam("path") String path,
                              @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        String ref = EntityPaths.ref(namespace, kind, name);
        String requested = EntityPaths.sitePath(path);
        String sitePath = requested.isEmpty() || requested.endsWith("/") ? requested + "index.html" : requested;
        SiteRepository.StoredFile cached = cache.cached(ref, sitePath);
        if (cached != null) {
            return Uni.createFrom().item(respond(cached, ifNoneMatch));
        }
        return Uni.createFrom().item(() -> respond(cache.load(ref, sitePath, () -> read(ref, sitePath))
                        .orElseThrow(() -> new NotFoundException("No file '" + path + "' in the docs of " + ref)), ifNoneMatch))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Optional<SiteRepository.StoredFile> read(String ref, String sitePath) {
        Optional<SiteRepository.StoredFile> file = repository.file(ref, sitePath);
        if (file.isEmpty() && !sitePath.endsWith("index.html") && !sitePath.contains(".")) {
            file = repository.file(ref, sitePath + "/index.html"); // "getting-started" without its slash
        }
        return file;
    }

    private static Response respond(SiteRepository.StoredFile file, String ifNoneMatch) {
        if (ifNoneMatch != null && matches(ifNoneMatch, file.etag())) {
            return Response.notModified().header(HttpHeaders.ETAG, file.etag()).header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
        }
        return Response.ok(file.body())
                .type(file.contentType())
                .header(HttpHeaders.ETAG, file.etag())
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", CSP)
                .build();
    }

    @GET
    @Path("/metadata/techdocs/{namespace}/{kind}/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response techdocsMetadata(@PathParam("namespace") String namespace, @PathParam("kind") String kind,
                                     @PathParam("name") String name) {
        String ref = EntityPaths.ref(namespace, kind, name);
        SiteRepository.StoredFile metadata = repository.file(ref, BuiltSite.METADATA_FILE)
                .orElseThrow(() -> new NotFoundException("No docs have been built for " + ref));
        return Response.ok(metadata.body()).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("/metadata/entity/{namespace}/{kind}/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode entityMetadata(@PathParam("namespace") String namespace, @PathParam("kind") String kind,
                                     @PathParam("name") String name) {
        String ref = EntityPaths.ref(namespace, kind, name);
        TrackedEntity entity = repository.entity(ref)
                .orElseThrow(() -> new NotFoundException("No entity " + ref + " with docs is known"));
        ObjectNode body = (ObjectNode) Json.tree(entity.entityJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String techdocsRef = entity.techdocsRef();
        int colon = techdocsRef.indexOf(':');
        ObjectNode location = body.putObject("locationMetadata");
        location.put("type", colon > 0 ? techdocsRef.substring(0, colon) : techdocsRef);
        location.put("target", colon > 0 ? techdocsRef.substring(colon + 1) : "");
        return body;
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
