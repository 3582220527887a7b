package dev.portal.scorecard.evaluation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Everything a check may read about one entity.
 *
 * @param entity     the stitched entity (with relations)
 * @param docs       its TechDocs status, or null when no docs event was seen
 * @param facts      source → latest facts (as JSON objects)
 * @param owner      the owning Group entity as checks see it ({@link OwnerView}), or null when it does not exist (yet)
 * @param exemptions the entity's exemptions (expired ones are ignored at evaluation time)
 */
public record EvaluationInput(String ref, JsonNode entity, Docs docs, Map<String, JsonNode> facts, JsonNode owner,
                              List<Exemption> exemptions) {

    public EvaluationInput {
        facts = facts == null ? Map.of() : facts;
        exemptions = exemptions == null ? List.of() : exemptions;
    }

    /** @param status {@code built} or {@code failed} */
    public record Docs(String status, int pageCount, Instant lastBuildAt, int brokenLinks) {
    }

    public record Exemption(String id, String checkId, String justification, String author, Instant createdAt,
                            Instant expiresAt) {
    }
}
