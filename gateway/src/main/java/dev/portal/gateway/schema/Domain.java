package dev.portal.gateway.schema;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

import dev.portal.gateway.catalog.EntityView;

@Type("Domain")
@Description("A business area grouping systems.")
public class Domain extends BaseEntity implements Entity {

    public Domain(EntityView view) {
        super(view);
    }

}
