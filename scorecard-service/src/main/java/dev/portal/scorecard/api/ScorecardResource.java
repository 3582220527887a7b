package dev.portal.scorecard.api;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.events.EntityRef;
import dev.portal.events.Json;
import dev.portal.events.identity.CurrentCaller;
import dev.portal.scorecard.definition.DefinitionParser;
import dev.portal.scorecard.definition.DefinitionRegistry;
import dev.portal.scorecard.definition.DefinitionSet;
import dev.portal.scorecard.definition.ScorecardDefinition;
import dev.portal.scorecard.store.Db;

/**
 * Read API: an entity's results, several at once, the definitions, a scorecard's summary, roll-ups by owning group
 * (with child groups), system and domain, an entity's history and a scorecard's trend. Everyone signed in may read.
 */
@Path("/api/scorecards")
@Produces(MediaType.APPLICATION_JSON)
public class ScorecardResource {

    private final CurrentCaller caller;
    private final DefinitionRegistry registry;
    private final ResultViews views;
    private final Db db;

    public ScorecardResource(CurrentCaller caller, DefinitionRegistry registry, ResultViews views, Db db) {
        this.caller = caller;
        this.registry = registry;
        this.views = views;
        this.db = db;
    }

    @GET
    @Path("/entities/{namespace}/{kind}/{name}")
    public ObjectNode entity(@PathParam("namespace") String namespace, @PathParam("kind") String kind,
                             @PathParam("name") String name) {
        caller.identity();
        return views.entities(List.of(ref(kind, namespace, name)), registry.current()).get(0);
    }

    @POST
    @Path("/entities/by-refs")
    @Consumes(MediaType.APPLICATION_JSON)
    public ObjectNode byRefs(JsonNode body) {
        caller.identity();
        JsonNode refs = body == null ? null : body.get("entityRefs");
        if (refs == null || !refs.isArray()) {
            throw new BadRequestException("body must be {\"entityRefs\": [\"kind:namespace/name\", ...]}");
        }
        if (refs.size() > 1000) {
            throw new BadRequestException("at most 1000 entityRefs per request");
        }
        List<String> parsed = new ArrayList<>();
        for (JsonNode ref : refs) {
            parsed.add(parseRef(ref.asText()));
        }
        ObjectNode out = Json.mapper().createObjectNode();
        ArrayNode items = out.putArray("items");
        views.entities(parsed, registry.current()).forEach(items::add);
        return out;
    }

    @GET
    @Path("/definitions")
    public ObjectNode definitions() {
        caller.identity();
        return definitionsView(registry.current());
    }

    static ObjectNode definitionsView(DefinitionSet set) {
        ObjectNode out = Json.mapper().createObjectNode();
        ArrayNode scorecards = out.putArray("scorecards");
        for (ScorecardDefinition scorecard : set.scorecards().values()) {
            ObjectNode s = DefinitionParser.toJson(scorecard);
            s.remove("kind");
            ArrayNode levels = s.putArray("levels");
            for (ScorecardDefinition.Level level : scorecard.levels()) {
                ObjectNode l = levels.addObject();
                l.put("name", level.name());
                ArrayNode checks = l.putArray("checks");
                level.checks().forEach(id -> {
                    ObjectNode check = DefinitionParser.toJson(set.checks().get(id));
                    check.remove("kind");
                    checks.add(check);
                });
            }
            scorecards.add(s);
        }
        ArrayNode checks = out.putArray("checks");
        set.checks().values().stream().sorted((a, b) -> a.id().compareTo(b.id())).forEach(check -> {
            ObjectNode c = DefinitionParser.toJson(check);
            c.remove("kind");
            c.putPOJO("usedBy", set.scorecardsUsing(check.id()));
            checks.add(c);
        });
        out.put("version", set.version());
        return out;
    }

    @GET
    @Path("/{id}/summary")
    public ObjectNode summary(@PathParam("id") String id) {
        caller.identity();
        ScorecardDefinition scorecard = scorecard(id);
        DefinitionSet set = registry.current();
        Map<String, Long> perLevel = new LinkedHashMap<>();
        scorecard.levelNames().forEach(l -> perLevel.put(l, 0L));
        long[] total = {0};
        long[] none = {0};
        Map<String, Map<String, Long>> perCheck = new LinkedHashMap<>();
        scorecard.checkIds().forEach(c -> perCheck.put(c, new HashMap<>()));
        db.read(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT level, count(*) FROM result WHERE scorecard_id = ? GROUP BY level")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        total[0] += rows.getLong(2);
                        if (rows.getString(1) == null) {
                            none[0] += rows.getLong(2);
                        } else {
                            perLevel.merge(rows.getString(1), rows.getLong(2), Long::sum);
                        }
                    }
                }
            }
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT ch->>'id', ch->>'status', count(*) FROM result, jsonb_array_elements(checks) ch
                    WHERE scorecard_id = ? GROUP BY 1, 2""")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        perCheck.computeIfAbsent(rows.getString(1), k -> new HashMap<>()).put(rows.getString(2), rows.getLong(3));
                    }
                }
            }
            return null;
        });
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("id", scorecard.id());
        out.put("title", scorecard.title());
        out.put("entities", total[0]);
        ArrayNode levels = out.putArray("levels");
        perLevel.forEach((name, count) -> levels.addObject().put("name", name).put("entities", count));
        out.put("noLevel", none[0]);
        ArrayNode checks = out.putArray("checks");
        Map<String, String> levelOf = new HashMap<>();
        scorecard.levels().forEach(l -> l.checks().forEach(ch -> levelOf.put(ch, l.name())));
        perCheck.forEach((checkId, counts) -> {
            ObjectNode node = checks.addObject();
            node.put("id", checkId);
            node.put("title", set.checks().containsKey(checkId) ? set.checks().get(checkId).title() : checkId);
            node.put("level", levelOf.get(checkId));
            long pass = counts.getOrDefault("pass", 0L);
            long exempt = counts.getOrDefault("exempt", 0L);
            long fail = counts.getOrDefault("fail", 0L);
            long error = counts.getOrDefault("error", 0L);
            long all = pass + exempt + fail + error;
            node.put("pass", pass).put("exempt", exempt).put("fail", fail).put("error", error).put("evaluated", all);
            node.put("passRate", all == 0 ? null : (double) (pass + exempt) / all);
        });
        return out;
    }

    private record Scored(String ref, String level, String owner, String system, long passing, long checks) {
    }

    @GET
    @Path("/{id}/rollups/{by}")
    public ObjectNode rollup(@PathParam("id") String id, @PathParam("by") String by) {
        caller.identity();
        ScorecardDefinition scorecard = scorecard(id);
        if (!List.of("groups", "systems", "domains").contains(by)) {
            throw new NotFoundException("roll-ups are by groups, systems or domains");
        }
        List<Scored> scored = new ArrayList<>();
        Map<String, String> parentOf = new HashMap<>();
        Map<String, String> domainOf = new HashMap<>();
        db.read(c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT r.ref, r.level, e.owner_ref,
                        coalesce((SELECT lower(x->>'targetRef') FROM jsonb_array_elements(coalesce(e.body->'relations', '[]'))
                                  x WHERE x->>'type' = 'partOf' AND lower(x->>'targetRef') LIKE 'system:%' LIMIT 1),
                                 e.body->'spec'->>'system'),
                        (SELECT count(*) FROM jsonb_array_elements(r.checks) ch WHERE ch->>'status' IN ('pass', 'exempt')),
                        jsonb_array_length(r.checks), e.body->'metadata'->>'namespace'
                    FROM result r LEFT JOIN entity e ON e.ref = r.ref WHERE r.scorecard_id = ?""")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String system = rows.getString(4);
                        if (system != null && !system.contains(":")) {
                            system = safeRef(system, "system", rows.getString(7));
                        }
                        scored.add(new Scored(rows.getString(1), rows.getString(2), rows.getString(3), system,
                                rows.getLong(5), rows.getLong(6)));
                    }
                }
            }
            if (by.equals("groups")) {
                try (PreparedStatement select = c.prepareStatement("""
                        SELECT ref, lower(x->>'targetRef') FROM entity, jsonb_array_elements(coalesce(body->'relations', '[]')) x
                        WHERE kind = 'group' AND x->>'type' = 'childOf'""");
                     ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        parentOf.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
            if (by.equals("domains")) {
                try (PreparedStatement select = c.prepareStatement("""
                        SELECT ref, coalesce((SELECT lower(x->>'targetRef') FROM jsonb_array_elements(coalesce(body->'relations', '[]')) x
                                    WHERE x->>'type' = 'partOf' AND lower(x->>'targetRef') LIKE 'domain:%' LIMIT 1),
                                  body->'spec'->>'domain'), body->'metadata'->>'namespace'
                        FROM entity WHERE kind = 'system'""");
                     ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String domain = rows.getString(2);
                        if (domain != null) {
                            domainOf.put(rows.getString(1), domain.contains(":") ? domain : safeRef(domain, "domain", rows.getString(3)));
                        }
                    }
                }
            }
            return null;
        });
        Map<String, Bucket> buckets = new TreeMap<>();
        for (Scored s : scored) {
            List<String> keys = new ArrayList<>();
            switch (by) {
                case "groups" -> {
                    Set<String> seen = new HashSet<>();
                    for (String g = s.owner(); g != null && seen.add(g); g = parentOf.get(g)) {
                        keys.add(g); // the owner and every ancestor group: a parent's roll-up includes its child groups
                    }
                }
                case "systems" -> {
                    if (s.system() != null) {
                        keys.add(s.system());
                    }
                }
                default -> {
                    String domain = s.system() == null ? null : domainOf.get(s.system());
                    if (domain != null) {
                        keys.add(domain);
                    }
                }
            }
            for (String key : keys) {
                buckets.computeIfAbsent(key, k -> new Bucket(scorecard.levelNames())).add(s);
            }
        }
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("scorecardId", id);
        out.put("by", by);
        ArrayNode items = out.putArray("items");
        buckets.forEach((key, bucket) -> {
            ObjectNode item = items.addObject();
            item.put("entityRef", key);
            item.put("entities", bucket.entities);
            ObjectNode levels = item.putObject("levels");
            bucket.perLevel.forEach(levels::put);
            item.put("noLevel", bucket.none);
            item.put("checkPassRate", bucket.checks == 0 ? null : (double) bucket.passing / bucket.checks);
        });
        return out;
    }

    private static final class Bucket {
        final Map<String, Long> perLevel = new LinkedHashMap<>();
        long entities;
        long none;
        long passing;
        long checks;

        Bucket(List<String> levels) {
            levels.forEach(l -> perLevel.put(l, 0L));
        }

        void add(Scored s) {
            entities++;
            if (s.level() == null) {
                none++;
            } else {
                perLevel.merge(s.level(), 1L, Long::sum);
            }
            passing += s.passing();
            checks += s.checks();
        }
    }

    @GET
    @Path("/entities/{namespace}/{kind}/{name}/history")
    public ObjectNode history(@PathParam("namespace") String namespace, @PathParam("kind") String kind,
                              @PathParam("name") String name, @QueryParam("scorecard") String scorecardId,
                              @QueryParam("limit") @DefaultValue("500") int limit) {
        caller.identity();
        String ref = ref(kind, namespace, name);
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("entityRef", ref);
        ArrayNode items = out.putArray("items");
        db.read(c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT scorecard_id, at, level, previous_level, level_changed, changed_checks::text, removed
                    FROM result_history WHERE ref = ? AND (?::text IS NULL OR scorecard_id = ?) ORDER BY at DESC, id DESC LIMIT ?""")) {
                select.setString(1, ref);
                select.setString(2, scorecardId);
                select.setString(3, scorecardId);
                select.setInt(4, Math.max(1, Math.min(limit, 5000)));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ObjectNode item = items.addObject();
                        item.put("scorecardId", rows.getString(1));
                        item.put("at", rows.getTimestamp(2).toInstant().toString());
                        item.put("level", rows.getString(3));
                        item.put("previousLevel", rows.getString(4));
                        item.put("levelChanged", rows.getBoolean(5));
                        item.set("changedChecks", Json.tree(rows.getString(6).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                        item.put("removed", rows.getBoolean(7));
                    }
                }
            }
            return null;
        });
        return out;
    }

    @GET
    @Path("/{id}/trend")
    public ObjectNode trend(@PathParam("id") String id, @QueryParam("days") @DefaultValue("30") int days) {
        caller.identity();
        ScorecardDefinition scorecard = scorecard(id);
        int span = Math.max(1, Math.min(days, 366));
        Map<String, Map<String, Long>> perDay = new LinkedHashMap<>();
        db.read(c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    WITH days AS (
                        SELECT generate_series(date_trunc('day', now() AT TIME ZONE 'UTC') - (? - 1) * interval '1 day',
                                               date_trunc('day', now() AT TIME ZONE 'UTC'), interval '1 day') AS day)
                    SELECT to_char(d.day, 'YYYY-MM-DD'), h.level, count(h.ref)
                    FROM days d LEFT JOIN LATERAL (
                        SELECT DISTINCT ON (ref) ref, level, removed FROM result_history
                        WHERE scorecard_id = ? AND at < (d.day + interval '1 day') AT TIME ZONE 'UTC'
                        ORDER BY ref, at DESC, id DESC) h ON NOT h.removed
                    GROUP BY 1, 2 ORDER BY 1""")) {
                select.setInt(1, span);
                select.setString(2, id);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Map<String, Long> day = perDay.computeIfAbsent(rows.getString(1), k -> new LinkedHashMap<>());
                        if (rows.getLong(3) > 0) {
                            day.put(rows.getString(2) == null ? "" : rows.getString(2), rows.getLong(3));
                        }
                    }
                }
            }
            return null;
        });
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("scorecardId", id);
        ArrayNode levelNames = out.putArray("levels");
        scorecard.levelNames().forEach(levelNames::add);
        ArrayNode points = out.putArray("points");
        perDay.forEach((day, counts) -> {
            ObjectNode point = points.addObject();
            point.put("date", day);
            long entities = counts.values().stream().mapToLong(Long::longValue).sum();
            point.put("entities", entities);
            ObjectNode levels = point.putObject("levels");
            scorecard.levelNames().forEach(l -> levels.put(l, counts.getOrDefault(l, 0L)));
            point.put("noLevel", counts.getOrDefault("", 0L));
        });
        return out;
    }

    private ScorecardDefinition scorecard(String id) {
        ScorecardDefinition scorecard = registry.current().scorecards().get(id);
        if (scorecard == null) {
            throw new NotFoundException("No scorecard with id \"" + id + "\"");
        }
        return scorecard;
    }

    static String ref(String kind, String namespace, String name) {
        try {
            return EntityRef.of(kind, namespace, name).canonical();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    static String parseRef(String ref) {
        try {
            return EntityRef.parse(ref).canonical();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    private static String safeRef(String ref, String kind, String namespace) {
        try {
            return EntityRef.parse(ref, kind, namespace).canonical();
        } catch (IllegalArgumentException e) {
            return ref.toLowerCase(Locale.ROOT);
        }
    }
}
