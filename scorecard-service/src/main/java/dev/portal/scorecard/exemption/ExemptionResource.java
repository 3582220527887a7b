package dev.portal.scorecard.exemption;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.events.EntityRef;
import dev.portal.events.Json;
import dev.portal.events.identity.CallerIdentity;
import dev.portal.events.identity.CurrentCaller;
import dev.portal.scorecard.api.Ownership;
import dev.portal.scorecard.definition.DefinitionRegistry;
import dev.portal.scorecard.evaluation.EvaluationService;
import dev.portal.scorecard.store.Db;

/**
 * Exemptions: a check counts as passing for one entity until the exemption expires. Creating or removing one needs
 * ownership of the entity or portal-admin; every creation, removal and expiry is kept in {@code exemption_audit}.
 * The entity is re-evaluated in the same transaction, so its result (and event) reflect the exemption at once.
 */
@Path("/api/scorecards/exemptions")
@Produces(MediaType.APPLICATION_JSON)
public class ExemptionResource {

    private final CurrentCaller caller;
    private final Ownership ownership;
    private final DefinitionRegistry registry;
    private final EvaluationService evaluation;
    private final Db db;

    public ExemptionResource(CurrentCaller caller, Ownership ownership, DefinitionRegistry registry,
                             EvaluationService evaluation, Db db) {
        this.caller = caller;
        this.ownership = ownership;
        this.registry = registry;
        this.evaluation = evaluation;
        this.db = db;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body) {
        CallerIdentity identity = caller.identity();
        if (body == null || !body.isObject()) {
            throw new BadRequestException("body must be {entityRef, checkId, justification, expiresAt}");
        }
        String ref;
        try {
            ref = EntityRef.parse(body.path("entityRef").asText("")).canonical();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("entityRef: " + e.getMessage());
        }
        String checkId = body.path("checkId").asText("");
        if (!registry.current().checks().containsKey(checkId)) {
            throw new BadRequestException("checkId: unknown check \"" + checkId + "\"");
        }
        String justification = body.path("justification").asText("").trim();
        if (justification.isEmpty()) {
            throw new BadRequestException("justification is required: say why the check does not apply or when it will");
        }
        Instant expiresAt;
        try {
            expiresAt = OffsetDateTime.parse(body.path("expiresAt").asText("")).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException("expiresAt must be an ISO-8601 date-time with an offset, e.g. 2030-01-31T00:00:00Z");
        }
        Instant now = Instant.now();
        if (!expiresAt.isAfter(now)) {
            throw new BadRequestException("expiresAt must be in the future");
        }
        if (ownership.ownerOf(ref) == null && !ownership.exists(ref)) {
            throw new NotFoundException("No entity " + ref + " is known to the scorecards");
        }
        if (!ownership.mayChange(identity, ref)) {
            throw new ForbiddenException("Only an owner of " + ref + " or a portal-admin may exempt its checks");
        }
        UUID id = UUID.randomUUID();
        String author = identity.userRef().canonical();
        Instant created = now.truncatedTo(ChronoUnit.MICROS);
        db.transaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO exemption (id, ref, check_id, justification, author, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setObject(1, id);
                insert.setString(2, ref);
                insert.setString(3, checkId);
                insert.setString(4, justification);
                insert.setString(5, author);
                insert.setTimestamp(6, Timestamp.from(created));
                insert.setTimestamp(7, Timestamp.from(expiresAt));
                insert.executeUpdate();
            }
            audit(c, id, "created", author, ref, checkId, justification, expiresAt);
            evaluation.evaluate(c, List.of(ref));
            return null;
        });
        return Response.status(201).entity(view(id.toString(), ref, checkId, justification, author, created, expiresAt)).build();
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        CallerIdentity identity = caller.identity();
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No exemption " + id);
        }
        ObjectNode existing = find(uuid);
        String ref = existing.get("entityRef").asText();
        if (!ownership.mayChange(identity, ref)) {
            throw new ForbiddenException("Only an owner of " + ref + " or a portal-admin may remove its exemptions");
        }
        db.transaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM exemption WHERE id = ?")) {
                delete.setObject(1, uuid);
                if (delete.executeUpdate() == 0) {
                    return null; // removed concurrently
                }
            }
            audit(c, uuid, "removed", identity.userRef().canonical(), ref, existing.get("checkId").asText(),
                    existing.get("justification").asText(), Instant.parse(existing.get("expiresAt").asText()));
            evaluation.evaluate(c, List.of(ref));
            return null;
        });
        return Response.noContent().build();
    }

    @GET
    public ObjectNode list(@QueryParam("entityRef") String entityRef, @QueryParam("checkId") String checkId,
                           @QueryParam("includeExpired") boolean includeExpired) {
        caller.identity();
        String ref = entityRef == null ? null : parse(entityRef);
        ObjectNode out = Json.mapper().createObjectNode();
        ArrayNode items = out.putArray("items");
        db.read(c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT id::text, ref, check_id, justification, author, created_at, expires_at FROM exemption
                    WHERE (?::text IS NULL OR ref = ?) AND (?::text IS NULL OR check_id = ?) AND (? OR expires_at > now())
                    ORDER BY created_at DESC LIMIT 1000""")) {
                select.setString(1, ref);
                select.setString(2, ref);
                select.setString(3, checkId);
                select.setString(4, checkId);
                select.setBoolean(5, includeExpired);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        items.add(view(rows));
                    }
                }
            }
            return null;
        });
        return out;
    }

    /** The audit trail: every creation, removal and expiry, newest first. */
    @GET
    @Path("/audit")
    public ObjectNode audit(@QueryParam("entityRef") String entityRef) {
        caller.identity();
        String ref = entityRef == null ? null : parse(entityRef);
        ObjectNode out = Json.mapper().createObjectNode();
        ArrayNode items = out.putArray("items");
        db.read(c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT exemption_id::text, action, actor, at, ref, check_id, detail::text FROM exemption_audit
                    WHERE (?::text IS NULL OR ref = ?) ORDER BY at DESC, id DESC LIMIT 1000""")) {
                select.setString(1, ref);
                select.setString(2, ref);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ObjectNode item = items.addObject();
                        item.put("exemptionId", rows.getString(1));
                        item.put("action", rows.getString(2));
                        item.put("actor", rows.getString(3));
                        item.put("at", rows.getTimestamp(4).toInstant().toString());
                        item.put("entityRef", rows.getString(5));
                        item.put("checkId", rows.getString(6));
                        item.set("detail", Json.tree(rows.getString(7).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    }
                }
            }
            return null;
        });
        return out;
    }

    private ObjectNode find(UUID id) {
        ObjectNode found = db.read(c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT id::text, ref, check_id, justification, author, created_at, expires_at FROM exemption WHERE id = ?""")) {
                select.setObject(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? view(rows) : null;
                }
            }
        });
        if (found == null) {
            throw new NotFoundException("No exemption " + id);
        }
        return found;
    }

    private static void audit(Connection c, UUID id, String action, String actor, String ref, String checkId,
                              String justification, Instant expiresAt) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO exemption_audit (exemption_id, action, actor, ref, check_id, detail)
                VALUES (?, ?, ?, ?, ?, ?::jsonb)""")) {
            ObjectNode detail = Json.mapper().createObjectNode();
            detail.put("justification", justification);
            detail.put("expiresAt", expiresAt.toString());
            insert.setObject(1, id);
            insert.setString(2, action);
            insert.setString(3, actor);
            insert.setString(4, ref);
            insert.setString(5, checkId);
            insert.setString(6, detail.toString());
            insert.executeUpdate();
        }
    }

    private static ObjectNode view(ResultSet rows) throws SQLException {
        return view(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5),
                rows.getTimestamp(6).toInstant(), rows.getTimestamp(7).toInstant());
    }

    private static ObjectNode view(String id, String ref, String checkId, String justification, String author,
                                   Instant createdAt, Instant expiresAt) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("id", id);
        node.put("entityRef", ref);
        node.put("checkId", checkId);
        node.put("justification", justification);
        node.put("author", author);
        node.put("createdAt", createdAt.toString());
        node.put("expiresAt", expiresAt.toString());
        return node;
    }

    private static String parse(String ref) {
        try {
            return EntityRef.parse(ref).canonical();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("entityRef: " + e.getMessage());
        }
    }
}
