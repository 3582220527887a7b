package dev.portal.events.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    /** A clock the test moves. */
    private static final class Now extends Clock {
        Instant instant = NOW;

        @Override
        public Instant instant() {
            return instant;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final Now clock = new Now();

    @Test
    void servesAVerifiedTokenUntilItExpires() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock);
        JsonWebToken alice = jwt("token-of-alice", "alice", NOW.plusSeconds(300));

        tokens.remember(alice, Set.of("portal-admin"));

        VerifiedTokens.Verified found = tokens.find("token-of-alice");
        assertNotNull(found);
        assertEquals("alice", found.principal().getName());
        assertEquals(Set.of("portal-admin"), found.roles());
        clock.instant = NOW.plusSeconds(299);
        assertNotNull(tokens.find("token-of-alice"));
        clock.instant = NOW.plusSeconds(300);
        assertNull(tokens.find("token-of-alice"), "expired at exp");
        assertEquals(0, tokens.size(), "an expired token is dropped when it is looked up");
    }

    @Test
    void onlyTheIdenticalTokenMatches() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock);
        tokens.remember(jwt("header.payload.signature", "alice", NOW.plusSeconds(300)), Set.of());

        assertNull(tokens.find("header.payload.signaturE"));
        assertNull(tokens.find("header.payload2.signature"));
        assertNull(tokens.find("header.payload.signature "));
    }

    @Test
    void keepsNeitherExpiredNorOpaqueTokensNorAnythingWhenTurnedOff() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock);
        tokens.remember(jwt("already-expired", "alice", NOW.minusSeconds(1)), Set.of());
        Principal opaque = () -> "bob";
        tokens.remember(opaque, Set.of());
        assertEquals(0, tokens.size());

        VerifiedTokens off = new VerifiedTokens(0, clock);
        off.remember(jwt("token", "alice", NOW.plusSeconds(300)), Set.of());
        assertNull(off.find("token"));
    }

    @Test
    void staysWithinItsBound() {
        VerifiedTokens tokens = new VerifiedTokens(3, clock);
        tokens.remember(jwt("short-lived", "a", NOW.plusSeconds(10)), Set.of());
        tokens.remember(jwt("t2", "b", NOW.plusSeconds(300)), Set.of());
        tokens.remember(jwt("t3", "c", NOW.plusSeconds(300)), Set.of());
        clock.instant = NOW.plusSeconds(20);

        tokens.remember(jwt("t4", "d", NOW.plusSeconds(300)), Set.of()); // full: the expired one makes room

        assertEquals(3, tokens.size());
        assertNotNull(tokens.find("t2"));
        assertNotNull(tokens.find("t4"));

        tokens.remember(jwt("t5", "e", NOW.plusSeconds(300)), Set.of()); // full of live ones: starts again

        assertEquals(1, tokens.size());
        assertNotNull(tokens.find("t5"));
        assertNull(tokens.find("t2"), "verified again on its next use");
    }

    private static JsonWebToken jwt(String raw, String name, Instant expires) {
        Map<String, Object> claims = Map.of("raw_token", raw, "exp", expires.getEpochSecond(), "sub", name);
        return new JsonWebToken() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return (T) claims.get(claimName);
            }
        };
    }
}
