package dev.portal.gateway.schema;

import org.eclipse.microprofile.graphql.Type;

@Type("EntityStatusItem")
public record EntityStatus(String type, String level, String message, String error) {
}
