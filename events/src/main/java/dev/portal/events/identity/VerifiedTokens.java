package dev.portal.events.identity;

import java.security.Principal;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.credential.Credential;

/**
 * Bearer tokens the OIDC provider's keys already verified, kept until they expire. A client sends the same token on
 * every request for the token's lifetime, and verifying it (parsing, RSA signature, claims) was over half the CPU of
 * a catalog read. The key is the whole token string: only the identical token matches, so a token changed in any
 * character (a forged signature, other claims) is verified afresh. Bounded; nothing is served past the token's
 * {@code exp}.
 */
public final class VerifiedTokens {

    /** What verification established for a token: who it is, the roles it carries and the credentials it made. */
    public record Verified(JsonWebToken principal, Set<String> roles, Set<Credential> credentials, long expiresAtSeconds) {
    }

    private final Map<String, Verified> byToken = new ConcurrentHashMap<>();
    private final int maxSize;
    private final Clock clock;

    public VerifiedTokens(int maxSize, Clock clock) {
        this.maxSize = maxSize;
        this.clock = clock;
    }

    /** The verification of this exact token, while it has not expired; null otherwise. */
    public Verified find(String token) {
        Verified verified = byToken.get(token);
        if (verified == null) {
            return null;
        }
        if (verified.expiresAtSeconds() <= now()) {
            byToken.remove(token, verified);
            return null;
        }
        return verified;
    }

    /** Remembers a verified token; only a JWT with an expiry is kept (an opaque or endless token never is). */
    public void remember(Principal principal, Set<String> roles) {
        remember(principal, roles, Set.of());
    }

    /** As {@link #remember(Principal, Set)}, keeping the identity's credentials (e.g. OIDC's access token credential). */
    public void remember(Principal principal, Set<String> roles, Set<Credential> credentials) {
        if (maxSize <= 0 || !(principal instanceof JsonWebToken jwt) || jwt.getRawToken() == null
                || jwt.getExpirationTime() <= now()) {
            return;
        }
        if (byToken.size() >= maxSize) {
            byToken.values().removeIf(v -> v.expiresAtSeconds() <= now());
            if (byToken.size() >= maxSize) {
                byToken.clear(); // rare: more live tokens than the bound; they are verified again once each
            }
        }
        byToken.putIfAbsent(jwt.getRawToken(), new Verified(jwt, Set.copyOf(roles), Set.copyOf(credentials),
                jwt.getExpirationTime()));
    }

    public int size() {
        return byToken.size();
    }

    private long now() {
        return clock.millis() / 1000;
    }
}
