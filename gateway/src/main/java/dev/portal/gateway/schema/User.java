package dev.portal.gateway.schema;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.gateway.catalog.EntityView;

@Type("User")
@Description("A person.")
public class User extends BaseEntity implements Entity {

    public User(EntityView view) {
        super(view);
    }

    public Profile getProfile() {
        JsonNode p = spec().path("profile");
        return p.isObject() ? new Profile(text(p.path("displayName")), text(p.path("email")), text(p.path("picture"))) : null;
    }

}
