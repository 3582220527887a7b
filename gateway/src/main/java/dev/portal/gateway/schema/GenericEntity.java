package dev.portal.gateway.schema;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

import com.fasterxml.jackson.databind.JsonNode;

@Type("OtherEntity")
@Description("An entity of a kind the gateway has no type for.")
public class GenericEntity extends BaseEntity implements Entity {

    public GenericEntity(JsonNode json) {
        super(json);
    }

}
