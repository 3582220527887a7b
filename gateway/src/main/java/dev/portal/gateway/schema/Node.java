package dev.portal.gateway.schema;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Interface;
import org.eclipse.microprofile.graphql.NonNull;

/** Relay's Node: anything with a global ID that {@code node(id)} reads back. */
@Interface("Node")
@Description("An object with a global ID (Relay); read it back with node(id).")
public interface Node {
    @Id
    @NonNull
    String getId();
}
