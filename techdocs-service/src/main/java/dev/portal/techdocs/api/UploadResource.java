package dev.portal.techdocs.api;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import dev.portal.events.EntityRef;
import dev.portal.events.identity.CurrentCaller;
import dev.portal.techdocs.build.BuiltSite;
import dev.portal.techdocs.config.TechDocsConfig;
import dev.portal.techdocs.identity.Ownership;
import dev.portal.techdocs.site.DocsService;
import dev.portal.techdocs.site.SiteRepository;
import dev.portal.techdocs.site.TrackedEntity;
import dev.portal.techdocs.upload.ArchiveException;
import dev.portal.techdocs.upload.SiteImporter;
import dev.portal.techdocs.upload.TarGzArchive;
import dev.portal.techdocs.upload.TooLargeException;
import io.quarkus.security.ForbiddenException;

/**
 * The "external" strategy: CI uploads the {@code site/} directory MkDocs built, as a {@code .tar.gz}; it is checked
 * (zip-slip, links, sizes), sanitised like a local build and served from then on — local builds no longer replace it.
 * Needs ownership of the entity or the portal-admin role. 413 when the archive or a page is over the limit.
 */
@Path("/api/techdocs/upload/{namespace}/{kind}/{name}")
public class UploadResource {

    private final DocsService docs;
    private final SiteRepository repository;
    private final SiteImporter importer;
    private final Ownership ownership;
    private final CurrentCaller caller;
    private final TechDocsConfig config;
    private final DocsViews views;

    public UploadResource(DocsService docs, SiteRepository repository, SiteImporter importer, Ownership ownership,
                          CurrentCaller caller, TechDocsConfig config, DocsViews views) {
        this.docs = docs;
        this.repository = repository;
        this.importer = importer;
        this.ownership = ownership;
        this.caller = caller;
        this.config = config;
        this.views = views;
    }

    @POST
    @Consumes({"application/gzip", "application/x-gzip", "application/x-tar", "application/octet-stream"})
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(@PathParam("namespace") String namespace, @PathParam("kind") String kind,
                           @PathParam("name") String name, InputStream body) {
        String ref = EntityPaths.ref(namespace, kind, name);
        TrackedEntity entity = repository.entity(ref)
                .orElseThrow(() -> new NotFoundException("No entity " + ref + " with backstage.io/techdocs-ref is known"));
        if (!ownership.mayChange(caller.identity(), entity.ownerRef())) {
            throw new ForbiddenException("Only an owner of " + ref + " or a portal-admin may publish its docs");
        }
        TechDocsConfig.Limits limits = config.limits();
        try {
            byte[] archive = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxArchiveBytes() + 1));
            if (archive.length > limits.maxArchiveBytes()) {
                throw new TooLargeException("The archive is larger than " + limits.maxArchiveBytes() + " bytes");
            }
            Map<String, byte[]> files = TarGzArchive.read(new ByteArrayInputStream(archive), limits.maxFiles(),
                    limits.maxSiteBytes(), limits.maxSiteBytes());
            BuiltSite site = importer.importSite(EntityRef.parse(ref), files, limits.maxPageBytes());
            docs.storeExternal(ref, site);
            return Response.status(Response.Status.CREATED).entity(views.view(ref)).build();
        } catch (TooLargeException e) {
            throw new WebApplicationException(e.getMessage(), 413);
        } catch (ArchiveException e) {
            throw new BadRequestException(e.getMessage());
        } catch (IOException e) {
            throw new BadRequestException("Could not read the upload: " + e.getMessage());
        }
    }
}
