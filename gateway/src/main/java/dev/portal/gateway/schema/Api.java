package dev.portal.gateway.schema;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

import com.fasterxml.jackson.databind.JsonNode;

@Type("Api")
@Description("An API a component provides or consumes (kind API).")
public class Api extends BaseEntity implements Entity {

    public Api(JsonNode json) {
        super(json);
    }

    @Description("spec.type")
    public String getType() {
        return specText("type");
    }

    public String getLifecycle() {
        return specText("lifecycle");
    }

    @Description("spec.definition: the OpenAPI/AsyncAPI/GraphQL/gRPC definition text")
    public String getDefinition() {
        return specText("definition");
    }

}
