package dev.portal.events.identity;

import jakarta.enterprise.context.RequestScoped;

import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The caller of the current request, injectable anywhere (a request-scoped proxy, so it is safe in singletons too).
 * Throws {@link UnauthorizedException} — a 401 in the error shape — when the request carries no valid token.
 */
@RequestScoped
public class CurrentCaller {

    private final SecurityIdentity security;
    private CallerIdentity identity;

    public CurrentCaller(SecurityIdentity security) {
        this.security = security;
    }

    public CallerIdentity identity() {
        if (identity == null) {
            if (security.isAnonymous() || !(security.getPrincipal() instanceof JsonWebToken token)) {
                throw new UnauthorizedException();
            }
            String username = token.getClaim("preferred_username");
            Set<String> groups = token.getGroups() == null ? Set.of() : token.getGroups();
            identity = CallerIdentity.of(username != null ? username : token.getName(), token.getClaim("email"), groups,
                    security.getRoles());
        }
        return identity;
    }
}
