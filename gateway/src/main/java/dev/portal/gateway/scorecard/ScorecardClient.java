package dev.portal.gateway.scorecard;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.EntityRef;
import dev.portal.gateway.api.EntityApiSupport;
import dev.portal.gateway.downstream.Downstream;
import dev.portal.gateway.downstream.Service;

/** scorecard-service: results of many entities in one {@code POST /api/scorecards/entities/by-refs}; exemptions. */
@ApplicationScoped
public class ScorecardClient {

    private final Downstream downstream;

    public ScorecardClient(Downstream downstream) {
        this.downstream = downstream;
    }

    /** Canonical ref → its scorecards, for all refs in one call (per 1000 refs). */
    public Map<String, List<EntityScorecard>> scorecards(List<String> refs) {
        Map<String, List<EntityScorecard>> result = new HashMap<>();
        for (int i = 0; i < refs.size(); i += 1000) {
            List<String> chunk = refs.subList(i, Math.min(refs.size(), i + 1000));
            JsonNode items = downstream.post(Service.SCORECARD, "/api/scorecards/entities/by-refs", Map.of("entityRefs", chunk)).path("items");
            for (JsonNode item : items) {
                String ref = item.path("entityRef").asText(null);
                if (ref == null) {
                    continue;
                }
                List<EntityScorecard> cards = new ArrayList<>();
                for (JsonNode card : item.path("scorecards")) {
                    List<EntityScorecard.Check> checks = new ArrayList<>();
                    for (JsonNode check : card.path("checks")) {
                        // interned: the definitions' few ids, titles and remediations recur in every cached result
                        checks.add(new EntityScorecard.Check(common(check, "id"), common(check, "title"), common(check, "level"),
                                common(check, "status"), text(check, "message"), common(check, "remediation"),
                                exemption(check.path("exemption"))));
                    }
                    List<String> levels = new ArrayList<>();
                    card.path("levels").forEach(l -> levels.add((l.isObject() ? l.path("id").asText(l.path("name").asText()) : l.asText()).intern()));
                    cards.add(new EntityScorecard(ref, common(card, "id"), common(card, "title"), common(card, "level"), levels,
                            text(card, "lastChangedAt"), checks));
                }
                result.put(EntityRef.parse(ref).canonical(), cards);
            }
        }
        return result;
    }

    public EntityScorecard.Exemption createExemption(String entityRef, String checkId, String justification, String expiresAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entityRef", entityRef);
        body.put("checkId", checkId);
        body.put("justification", justification);
        body.put("expiresAt", expiresAt);
        return exemption(downstream.write(Service.SCORECARD, "POST", "/api/scorecards/exemptions", body));
    }

    public void removeExemption(String id) {
        downstream.write(Service.SCORECARD, "DELETE", "/api/scorecards/exemptions/" + EntityApiSupport.enc(id), null);
    }

    static EntityScorecard.Exemption exemption(JsonNode e) {
        if (e == null || !e.isObject()) {
            return null;
        }
        return new EntityScorecard.Exemption(text(e, "id"), text(e, "entityRef"), text(e, "checkId"), text(e, "justification"),
                text(e, "expiresAt"), text(e, "author")); // the service calls the creator "author"
    }

    private static String common(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : text.intern();
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }
}
