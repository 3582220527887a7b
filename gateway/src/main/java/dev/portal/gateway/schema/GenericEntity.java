package dev.portal.gateway.schema;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

import dev.portal.gateway.catalog.EntityView;

@Type("OtherEntity")
@Description("An entity of a kind the gateway has no type for.")
public class GenericEntity extends BaseEntity implements Entity {

    public GenericEntity(EntityView view) {
        super(view);
    }

}
