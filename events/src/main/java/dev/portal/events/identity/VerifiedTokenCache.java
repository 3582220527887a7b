package dev.portal.events.identity;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Serves a bearer token OIDC verified before from {@link VerifiedTokens} instead of verifying it again. Asked first by
 * {@link VerifiedTokenMechanism} (before OIDC's mechanism even decodes the token), and as the first identity provider
 * (a higher priority than OIDC's) for requests that reach the providers; on a miss it answers nothing and OIDC
 * verifies (and rejects) as always; {@link Remember} keeps what OIDC accepted.
 * {@code portal.auth.verified-token-cache-size} bounds it; 0 turns it off.
 */
@ApplicationScoped
public class VerifiedTokenCache implements IdentityProvider<TokenAuthenticationRequest> {

    private final VerifiedTokens tokens;

    public VerifiedTokenCache(@ConfigProperty(name = "portal.auth.verified-token-cache-size", defaultValue = "1000")
                              int maxSize) {
        this.tokens = new VerifiedTokens(maxSize, Clock.systemUTC());
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return SYSTEM_FIRST + 1000; // before OIDC's provider
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return Uni.createFrom().item(identityFor(request.getToken().getToken()));
    }

    /** The identity of a token verified before and not expired; null otherwise. */
    public SecurityIdentity identityFor(String token) {
        VerifiedTokens.Verified verified = tokens.find(token);
        if (verified == null) {
            return null;
        }
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder().setPrincipal(verified.principal())
                .addRoles(verified.roles());
        verified.credentials().forEach(identity::addCredential);
        return identity.build();
    }

    VerifiedTokens tokens() {
        return tokens;
    }

    /** How many verified tokens are kept now. */
    public int size() {
        return tokens.size();
    }

    /** Keeps each identity OIDC built from a token (a cache hit is kept already: that is a no-op). */
    @ApplicationScoped
    public static class Remember implements SecurityIdentityAugmentor {

        private final VerifiedTokenCache cache;

        public Remember(VerifiedTokenCache cache) {
            this.cache = cache;
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            if (!identity.isAnonymous()) {
                cache.tokens().remember(identity.getPrincipal(), identity.getRoles(), identity.getCredentials());
            }
            return Uni.createFrom().item(identity);
        }
    }
}
