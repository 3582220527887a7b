package dev.portal.gateway.schema;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

import dev.portal.gateway.catalog.EntityView;

@Type("Resource")
@Description("Infrastructure a component needs at run time: database, bucket, topic…")
public class Resource extends BaseEntity implements Entity {

    public Resource(EntityView view) {
        super(view);
    }

    @Description("spec.type")
    public String getType() {
        return specText("type");
    }

}
