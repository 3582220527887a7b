package dev.portal.gateway.schema;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

import dev.portal.gateway.catalog.EntityView;

@Type("System")
@Description("A collection of components, APIs and resources that together expose some functionality.")
public class SystemEntity extends BaseEntity implements Entity {

    public SystemEntity(EntityView view) {
        super(view);
    }

}
