package dev.portal.gateway.schema;

import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("KeyValue")
public record KeyValue(@NonNull String key, String value) {
}
