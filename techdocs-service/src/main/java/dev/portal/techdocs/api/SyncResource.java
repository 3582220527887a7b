package dev.portal.techdocs.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.OutboundSseEvent;


import dev.portal.events.Json;
import dev.portal.events.identity.CurrentCaller;
import dev.portal.techdocs.identity.Ownership;
import dev.portal.techdocs.site.DocsService;
import dev.portal.techdocs.site.SiteRepository;
import dev.portal.techdocs.site.TrackedEntity;
import io.quarkus.security.ForbiddenException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Rebuilds an entity's docs now, streaming progress as server-sent events as Backstage's sync endpoint does:
 * {@code log} events (a line each), then {@code finish} ({@code {"updated":true|false}}) or {@code error}. Needs
 * ownership of the entity or the portal-admin role. POST (a rebuild changes state); GET kept for Backstage clients.
 */
@Path("/api/techdocs/sync/{namespace}/{kind}/{name}")
public class SyncResource {

    private final DocsService docs;
    private final SiteRepository repository;
    private final Ownership ownership;
    private final CurrentCaller caller;

    public SyncResource(DocsService docs, SiteRepository repository, Ownership ownership, CurrentCaller caller) {
        this.docs = docs;
        this.repository = repository;
        this.ownership = ownership;
        this.caller = caller;
    }

    @POST
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> sync(@PathParam("namespace") String namespace, @PathParam("kind") String kind,
                                        @PathParam("name") String name, @Context Sse sse) {
        String ref = EntityPaths.ref(namespace, kind, name);
        TrackedEntity entity = repository.entity(ref)
                .orElseThrow(() -> new NotFoundException("No entity " + ref + " with backstage.io/techdocs-ref is known"));
        if (!ownership.mayChange(caller.identity(), entity.ownerRef())) {
            throw new ForbiddenException("Only an owner of " + ref + " or a portal-admin may rebuild its docs");
        }
        return Multi.createFrom().<OutboundSseEvent>emitter(emitter -> Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                DocsService.Outcome outcome = docs.build(ref, true,
                        line -> emitter.emit(event(sse, "log", Json.mapper().valueToTree(line).toString())));
                if (outcome == DocsService.Outcome.FAILED) {
                    String reason = repository.site(ref).map(s -> s.lastError()).orElse("build failed");
                    emitter.emit(event(sse, "error", Json.mapper().valueToTree(reason).toString()));
                } else {
                    emitter.emit(event(sse, "finish", "{\"updated\":" + (outcome == DocsService.Outcome.BUILT) + "}"));
                }
                emitter.complete();
            } catch (RuntimeException e) {
                emitter.emit(event(sse, "error", Json.mapper().valueToTree("Internal error: " + e).toString()));
                emitter.complete();
            }
        }));
    }

    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> syncGet(@PathParam("namespace") String namespace, @PathParam("kind") String kind,
                                           @PathParam("name") String name, @Context Sse sse) {
        return sync(namespace, kind, name, sse);
    }

    private static OutboundSseEvent event(Sse sse, String name, String data) {
        return sse.newEventBuilder().name(name).data(data).mediaType(MediaType.TEXT_PLAIN_TYPE).build();
    }
}
