package dev.portal.gateway.viewer;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.identity.UserDirectory;
import dev.portal.gateway.catalog.EntityCache;
import dev.portal.gateway.catalog.EntityLoader;
import dev.portal.gateway.downstream.Downstream;
import dev.portal.gateway.downstream.Service;

/**
 * The catalog's User entities as the gateway sees them, for {@link dev.portal.events.identity.OwnershipSet#userRef}:
 * whether a User exists comes from the {@link EntityLoader} (the cache, then the catalog's by-refs); the Users with an
 * email from one catalog {@code by-query} with the caller's token. Only the viewer asks, so only it pays for this.
 */
@ApplicationScoped
public class CatalogUserDirectory implements UserDirectory {

    /** Two answers are enough to tell the one User with an email from several (which are ambiguous). */
    static final int EMAIL_MATCHES = 2;

    private final EntityLoader loader;
    private final Downstream downstream;

    public CatalogUserDirectory(EntityLoader loader, Downstream downstream) {
        this.loader = loader;
        this.downstream = downstream;
    }

    @Override
    public boolean userExists(String userRef) {
        return loader.oneView(userRef) != null;
    }

    /**
     * The Users whose {@code spec.profile.email} is {@code email} (the catalog compares without case), at most
     * {@value #EMAIL_MATCHES}. The POST predicate carries the email as a value, so no character of it is syntax.
     */
    @Override
    public Set<String> usersWithEmail(String email) {
        Map<String, Object> body = Map.of(
                "query", Map.of("kind", "user", "spec.profile.email", email),
                "fields", List.of("kind", "metadata.namespace", "metadata.name"),
                "limit", EMAIL_MATCHES);
        Set<String> refs = new LinkedHashSet<>();
        for (JsonNode item : downstream.post(Service.CATALOG, "/api/catalog/entities/by-query", body).path("items")) {
            String ref = EntityCache.refOf(item);
            if (ref != null) {
                refs.add(ref);
            }
        }
        return refs;
    }
}
