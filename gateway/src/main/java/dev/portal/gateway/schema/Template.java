package dev.portal.gateway.schema;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

import dev.portal.gateway.catalog.EntityView;

@Type("Template")
@Description("A software template (scaffolder).")
public class Template extends BaseEntity implements Entity {

    public Template(EntityView view) {
        super(view);
    }

    @Description("spec.type")
    public String getType() {
        return specText("type");
    }

    @Description("spec.parameters as JSON text")
    public String getParametersJson() {
        return spec().has("parameters") ? spec().get("parameters").toString() : null;
    }

}
