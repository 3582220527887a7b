package dev.portal.gateway.schema;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

import dev.portal.gateway.catalog.EntityView;

@Type("Api")
@Description("An API a component provides or consumes (kind API).")
public class Api extends BaseEntity implements Entity {

    public Api(EntityView view) {
        super(view);
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
