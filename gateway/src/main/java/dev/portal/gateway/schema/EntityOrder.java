package dev.portal.gateway.schema;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Input("EntityOrder")
@Description("Order by a field of the entity, e.g. metadata.name")
public class EntityOrder {
    @NonNull
    public String field;
    public SortOrder order = SortOrder.ASC;

    public enum SortOrder { ASC, DESC }
}
