package dev.portal.gateway.schema;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.gateway.catalog.EntityView;

@Type("Group")
@Description("A team, department or organisation.")
public class Group extends BaseEntity implements Entity {

    public Group(EntityView view) {
        super(view);
    }

    @Description("spec.type")
    public String getType() {
        return specText("type");
    }

    public Profile getProfile() {
        JsonNode p = spec().path("profile");
        return p.isObject() ? new Profile(text(p.path("displayName")), text(p.path("email")), text(p.path("picture"))) : null;
    }

}
