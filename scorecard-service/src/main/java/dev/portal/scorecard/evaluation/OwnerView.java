package dev.portal.scorecard.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.events.Json;

/**
 * The owning group or user as checks see it ({@code owner} in CEL): the entity without what the catalog changes each
 * time it comes to own one more entity — its {@code ownerOf} relations, its etag and its generation. A team growing
 * from 1,000 entities to 1,001 is then the same input to the checks of the 1,000, so they are not evaluated again: in a
 * 100,000-entity seed, where the catalog re-stitches each team many times, that re-scoring was most of this service's
 * work.
 */
public final class OwnerView {

    private OwnerView() {
    }

    /** The view of {@code owner} (shares its unchanged parts; neither is to be modified afterwards). */
    public static JsonNode of(JsonNode owner) {
        ObjectNode view = Json.mapper().createObjectNode();
        owner.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if ("metadata".equals(field.getKey()) && value.isObject()) {
                ObjectNode metadata = view.putObject("metadata");
                value.fields().forEachRemaining(m -> {
                    if (!"etag".equals(m.getKey()) && !"generation".equals(m.getKey())) {
                        metadata.set(m.getKey(), m.getValue());
                    }
                });
            } else if ("relations".equals(field.getKey()) && value.isArray()) {
                ArrayNode relations = view.putArray("relations");
                value.forEach(relation -> {
                    if (!"ownerOf".equals(relation.path("type").asText())) {
                        relations.add(relation);
                    }
                });
            } else {
                view.set(field.getKey(), value);
            }
        });
        return view;
    }
}
