package dev.portal.scorecard.api;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.events.Json;
import dev.portal.events.identity.CallerIdentity;
import dev.portal.events.identity.CurrentCaller;
import dev.portal.scorecard.cel.CelEngine;
import dev.portal.scorecard.definition.CheckDefinition;
import dev.portal.scorecard.definition.DefinitionException;
import dev.portal.scorecard.definition.DefinitionParser;
import dev.portal.scorecard.definition.DefinitionRegistry;
import dev.portal.scorecard.definition.DefinitionSet;
import dev.portal.scorecard.definition.ScorecardDefinition;
import dev.portal.scorecard.evaluation.EvaluationInput;
import dev.portal.scorecard.evaluation.EvaluationService;
import dev.portal.scorecard.evaluation.ReEvaluation;
import dev.portal.scorecard.evaluation.ScorecardResult;
import dev.portal.scorecard.store.Db;

/**
 * Managing definitions (portal-admin only): create/replace/delete checks and scorecards — validated as a whole set,
 * expressions type-checked, errors as 400 with the position — a dry run of definitions against one entity, and the
 * progress of the background re-evaluation every change starts.
 */
@Path("/api/scorecards/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final CurrentCaller caller;
    private final DefinitionRegistry registry;
    private final ReEvaluation reEvaluation;
    private final EvaluationService evaluation;
    private final CelEngine engine;
    private final Db db;

    public AdminResource(CurrentCaller caller, DefinitionRegistry registry, ReEvaluation reEvaluation,
                         EvaluationService evaluation, CelEngine engine, Db db) {
        this.caller = caller;
        this.registry = registry;
        this.reEvaluation = reEvaluation;
        this.evaluation = evaluation;
        this.engine = engine;
        this.db = db;
    }

    private CallerIdentity admin() {
        CallerIdentity identity = caller.identity();
        if (!identity.isAdmin()) {
            throw new ForbiddenException("Managing scorecard definitions needs the portal-admin role");
        }
        return identity;
    }

    @PUT
    @Path("/checks/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ObjectNode putCheck(@PathParam("id") String id, JsonNode body) {
        CallerIdentity identity = admin();
        try {
            CheckDefinition check = DefinitionParser.check(body, id, "check \"" + id + "\"");
            registry.putCheck(check, identity.userRef().canonical());
            reEvaluation.request("check " + id + " saved by " + identity.userRef().canonical());
            ObjectNode out = DefinitionParser.toJson(check);
            out.remove("kind");
            return out;
        } catch (DefinitionException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    @DELETE
    @Path("/checks/{id}")
    public Response deleteCheck(@PathParam("id") String id) {
        CallerIdentity identity = admin();
        try {
            if (!registry.deleteCheck(id, identity.userRef().canonical())) {
                throw new NotFoundException("No check with id \"" + id + "\"");
            }
        } catch (DefinitionException e) {
            throw new BadRequestException(e.getMessage());
        }
        reEvaluation.request("check " + id + " deleted by " + identity.userRef().canonical());
        return Response.noContent().build();
    }

    @PUT
    @Path("/scorecards/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ObjectNode putScorecard(@PathParam("id") String id, JsonNode body) {
        CallerIdentity identity = admin();
        try {
            ScorecardDefinition scorecard = DefinitionParser.scorecard(body, id, "scorecard \"" + id + "\"");
            registry.putScorecard(scorecard, identity.userRef().canonical());
            reEvaluation.request("scorecard " + id + " saved by " + identity.userRef().canonical());
            ObjectNode out = DefinitionParser.toJson(scorecard);
            out.remove("kind");
            return out;
        } catch (DefinitionException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    @DELETE
    @Path("/scorecards/{id}")
    public Response deleteScorecard(@PathParam("id") String id) {
        CallerIdentity identity = admin();
        if (!registry.deleteScorecard(id, identity.userRef().canonical())) {
            throw new NotFoundException("No scorecard with id \"" + id + "\"");
        }
        reEvaluation.request("scorecard " + id + " deleted by " + identity.userRef().canonical());
        return Response.noContent().build();
    }

    /**
     * Evaluates definitions against one entity without storing anything. Body: {@code entityRef}, and optionally
     * {@code checks} (check definitions, added to or replacing the current ones) and {@code scorecard} (one scorecard
     * definition; without it every current scorecard, and a lone {@code check} is wrapped in a one-level scorecard).
     */
    @POST
    @Path("/dry-run")
    @Consumes(MediaType.APPLICATION_JSON)
    public ObjectNode dryRun(JsonNode body) {
        admin();
        if (body == null || !body.isObject()) {
            throw new BadRequestException("body must be {entityRef, checks?, scorecard?}");
        }
        String ref = ScorecardResource.parseRef(body.path("entityRef").asText(""));
        DefinitionSet current = registry.current();
        DefinitionSet set;
        List<ScorecardDefinition> scorecards = new ArrayList<>();
        try {
            Map<String, CheckDefinition> checks = new LinkedHashMap<>(current.checks());
            List<CheckDefinition> given = new ArrayList<>();
            if (body.has("check")) {
                given.add(DefinitionParser.check(body.get("check"), null, "check"));
            }
            for (JsonNode check : body.path("checks")) {
                given.add(DefinitionParser.check(check, null, "checks[" + given.size() + "]"));
            }
            given.forEach(c -> checks.put(c.id(), c));
            Map<String, ScorecardDefinition> all = new LinkedHashMap<>(current.scorecards());
            if (body.has("scorecard")) {
                ScorecardDefinition scorecard = DefinitionParser.scorecard(body.get("scorecard"), null, "scorecard");
                all.put(scorecard.id(), scorecard);
                scorecards.add(scorecard);
            } else if (!given.isEmpty()) {
                ScorecardDefinition adHoc = new ScorecardDefinition("dry-run", "Dry run", null, null,
                        List.of(new ScorecardDefinition.Level("Pass", given.stream().map(CheckDefinition::id).toList())));
                all.put(adHoc.id(), adHoc);
                scorecards.add(adHoc);
            }
            set = DefinitionSet.of(checks.values(), all.values(), engine, current);
            if (scorecards.isEmpty()) {
                scorecards.addAll(set.scorecards().values());
            }
        } catch (DefinitionException e) {
            throw new BadRequestException(e.getMessage());
        }
        Instant now = Instant.now();
        EvaluationInput input = db.read(c -> evaluation.input(c, ref, now));
        if (input == null) {
            throw new NotFoundException("No entity " + ref + " is known to the scorecards");
        }
        List<ScorecardResult> results = evaluation.evaluator().evaluate(set, scorecards, input, now);
        Map<String, EvaluationInput.Exemption> exemptions = new LinkedHashMap<>();
        input.exemptions().forEach(e -> exemptions.put(e.id(), e));
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("entityRef", ref);
        ArrayNode views = out.putArray("scorecards");
        for (ScorecardResult result : results) {
            views.add(ResultViews.scorecardView(set.scorecards().get(result.scorecardId()), result.level(), null,
                    result.checks(), set, exemptions));
        }
        return out;
    }

    @GET
    @Path("/evaluation")
    public ReEvaluation.Progress progress() {
        admin();
        return reEvaluation.progress();
    }

    /** Re-reads the definition files (e.g. after a ConfigMap changed) and re-evaluates everything. */
    @POST
    @Path("/evaluation")
    public Response reevaluate() {
        CallerIdentity identity = admin();
        try {
            registry.reload();
        } catch (DefinitionException e) {
            throw new BadRequestException(e.getMessage());
        }
        reEvaluation.request("requested by " + identity.userRef().canonical());
        return Response.accepted(reEvaluation.progress()).build();
    }
}
