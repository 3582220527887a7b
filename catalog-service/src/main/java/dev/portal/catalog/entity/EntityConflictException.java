package dev.portal.catalog.entity;

import jakarta.ws.rs.ClientErrorException;

import java.util.List;

/** A write for entities another source already provides: a 409 ConflictError naming them, nothing written. */
public class EntityConflictException extends ClientErrorException {

    private final List<String> conflicts;

    public EntityConflictException(List<String> conflicts) {
        super("Conflicting entities: " + String.join("; ", conflicts), 409);
        this.conflicts = List.copyOf(conflicts);
    }

    public List<String> conflicts() {
        return conflicts;
    }
}
