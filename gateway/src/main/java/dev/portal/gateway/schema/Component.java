package dev.portal.gateway.schema;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

import dev.portal.gateway.catalog.EntityView;

@Type("Component")
@Description("A piece of software: service, website, library…")
public class Component extends BaseEntity implements Entity {

    public Component(EntityView view) {
        super(view);
    }

    @Description("spec.type")
    public String getType() {
        return specText("type");
    }

    public String getLifecycle() {
        return specText("lifecycle");
    }

}
