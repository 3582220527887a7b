package dev.portal.gateway.schema;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

import dev.portal.gateway.catalog.EntityView;

@Type("Location")
@Description("A reference to catalog files.")
public class Location extends BaseEntity implements Entity {

    public Location(EntityView view) {
        super(view);
    }

    @Description("spec.type")
    public String getType() {
        return specText("type");
    }

    public String getTarget() {
        return specText("target");
    }

    public List<String> getTargets() {
        return strings(spec().path("targets"));
    }

}
