package dev.portal.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.Json;
import dev.portal.gateway.api.SubscriptionApi;
import dev.portal.gateway.catalog.EntityCache;
import dev.portal.gateway.catalog.EntityView;
import dev.portal.gateway.downstream.CircuitBreaker;
import dev.portal.gateway.integration.IntegrationLinks;
import dev.portal.gateway.schema.BaseEntity;
import dev.portal.gateway.schema.Entity;
import dev.portal.gateway.schema.GlobalId;
import dev.portal.gateway.schema.IdListArguments;
import dev.portal.gateway.schema.PlainFieldFetchers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The gateway's pieces without a running stack: breaker, bounded cache, link templates, change filters, IDs. */
class UnitsTest {

    @Test
    void circuitBreakerOpensAfterConsecutiveFailuresAndLetsOneTrialThroughLater() {
        AtomicLong now = new AtomicLong();
        CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), now::get);
        assertTrue(breaker.tryAcquire());
        breaker.onFailure();
        breaker.onFailure();
        breaker.onSuccess();           // a success resets the count
        breaker.onFailure();
        breaker.onFailure();
        assertTrue(breaker.tryAcquire());
        breaker.onFailure();           // third in a row
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire());
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertTrue(breaker.tryAcquire()); // the trial call
        assertFalse(breaker.tryAcquire()); // only one at a time
        breaker.onFailure();
        assertFalse(breaker.tryAcquire()); // open again
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertTrue(breaker.tryAcquire());
        breaker.onSuccess();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire());
    }

    @Test
    void theEntityCacheIsBoundedAndFollowsChangesAndDeletes() {
        EntityCache cache = new EntityCache(config(3), null, "127.0.0.1:1", new SimpleMeterRegistry());
        List<EntityCache.Change> seen = new ArrayList<>();
        cache.changes().subscribe().with(seen::add);
        for (int i = 0; i < 5; i++) {
            cache.apply("component:default/c" + i, entity("c" + i, "v1"));
        }
        assertEquals(3, cache.size());
        assertNull(cache.get("component:default/c0"), "the least recently used went first");
        assertNotNull(cache.get("component:default/c4"));
        cache.apply("component:default/c4", entity("c4", "v2"));
        assertEquals("v2", cache.get("component:default/c4").path("metadata").path("title").asText());
        cache.remember(entity("c4", "stale read"), cache.position());   // a catalog read never overwrites the topic's
        assertEquals("v2", cache.get("component:default/c4").path("metadata").path("title").asText());
        // Each read is a tree of its own (the cache keeps JSON bytes): a caller changing it changes nothing cached.
        ((com.fasterxml.jackson.databind.node.ObjectNode) cache.get("component:default/c4").path("metadata"))
                .put("title", "changed by a caller");
        assertEquals("v2", cache.get("component:default/c4").path("metadata").path("title").asText());
        cache.apply("component:default/c4", null);
        assertNull(cache.get("component:default/c4"));
        assertEquals(7, seen.size());
        assertTrue(seen.get(6).deleted());

        // A catalog read that raced a deletion is answered but not cached: the deleted entity does not come back.
        long readFrom = cache.position();
        cache.apply("component:default/c3", null);   // the deletion arrives while the read is in flight
        assertEquals("read before the deletion", cache.remember(entity("c3", "read before the deletion"), readFrom).title());
        assertNull(cache.get("component:default/c3"), "a deleted entity came back into the cache");
        // A read that started after the deletion (e.g. the entity was created again) is cached as usual.
        cache.remember(entity("c3", "created again"), cache.position());
        assertEquals("created again", cache.get("component:default/c3").path("metadata").path("title").asText());
    }

    @Test
    void theCacheSharesOneParsedImmutableViewPerEntityAndStillHandsOutOwnTrees() {
        EntityCache cache = new EntityCache(config(10), null, "127.0.0.1:1", new SimpleMeterRegistry());
        cache.apply("component:default/a", Json.tree(("{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\","
                + "\"metadata\":{\"name\":\"a\",\"title\":\"A\",\"tags\":[\"java\"],\"annotations\":{\"x/y\":\"1\"},"
                + "\"links\":[{\"url\":\"https://a\",\"title\":\"Runbook\"}]},"
                + "\"spec\":{\"type\":\"service\",\"owner\":\"team-a\"},\"status\":{\"items\":[{\"level\":\"error\",\"message\":\"boom\"}]},"
                + "\"relations\":[{\"type\":\"ownedBy\",\"targetRef\":\"group:default/team-a\",\"target\":{\"kind\":\"group\"}},"
                + "{\"type\":\"dependsOn\",\"targetRef\":\"resource:default/db\"}]}").getBytes(StandardCharsets.UTF_8)));
        EntityView view = cache.view("component:default/a");
        // parsed once: every read gets the same instance, nothing is parsed per read
        assertSame(view, cache.view("component:default/a"));
        assertEquals("component:default/a", view.ref());
        assertEquals("A", view.title());
        assertEquals(List.of("group:default/team-a"), view.relationTargets("ownedBy", null));
        assertEquals(List.of(), view.relationTargets("dependsOn", "component"));
        // shared between requests, so nobody may change it
        assertThrows(UnsupportedOperationException.class, () -> view.relations().clear());
        // the whole document is still there for the fields that need it (metadata, spec, status), with the relations
        JsonNode json = cache.get("component:default/a");
        assertEquals("service", json.at("/spec/type").asText());
        assertEquals("boom", json.at("/status/items/0/message").asText());
        assertEquals("resource:default/db", json.at("/relations/1/targetRef").asText());
        Entity entity = BaseEntity.wrap(view);
        assertEquals(List.of("java"), entity.getTags());
        assertEquals("1", entity.getAnnotations().get(0).value());
        assertEquals("Runbook", entity.getLinks().get(0).title());
        assertEquals(List.of("boom"), entity.getErrors());
        assertEquals("{\"type\":\"service\",\"owner\":\"team-a\"}", entity.getSpecJson());
        // a catalog read of an entity the topic already delivered returns the cached view
        assertSame(view, cache.remember(Json.tree("{\"kind\":\"Component\",\"metadata\":{\"name\":\"a\"}}"
                .getBytes(StandardCharsets.UTF_8)), cache.position()));
    }

    @Test
    void integrationTemplatesNeedEveryAnnotationAndEncodeValues() {
        JsonNode annotations = Json.tree("{\"github.com/project-slug\":\"acme/pay ments\",\"backstage.io/source-location\":\"url:https://x/y/\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("https://github.com/acme/pay%20ments/actions",
                IntegrationLinksAccess.expand("https://github.com/{github.com/project-slug}/actions", annotations));
        assertNull(IntegrationLinksAccess.expand("https://sonar/{sonarqube.org/project-key}", annotations));
        assertEquals("https://x/y/", IntegrationLinksAccess.expand("{backstage.io/source-location|url}", annotations));
    }

    @Test
    void changeFiltersMatchKindNamespaceOwnerAndType() {
        JsonNode e = Json.tree(("{\"kind\":\"Component\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"type\":\"service\"},"
                + "\"relations\":[{\"type\":\"ownedBy\",\"targetRef\":\"group:default/payments-team\"}]}").getBytes(StandardCharsets.UTF_8));
        EntityCache.Change change = new EntityCache.Change("component:default/a", e);
        SubscriptionApi.ChangeFilter f = new SubscriptionApi.ChangeFilter();
        f.kinds = List.of("Component");
        f.owner = "payments-team";
        f.type = "service";
        assertTrue(SubscriptionApiAccess.matches(f, change));
        f.owner = "group:default/web-team";
        assertFalse(SubscriptionApiAccess.matches(f, change));
        f.owner = null;
        f.kinds = List.of("api");
        assertFalse(SubscriptionApiAccess.matches(f, change));
    }

    @Test
    void aSubscriptionFilteredByOwnerOrTypeReceivesTheDeletionOfAMatchingEntity() {
        EntityCache cache = new EntityCache(config(10), null, "127.0.0.1:1", new SimpleMeterRegistry());
        SubscriptionApi api = new SubscriptionApi(cache, new dev.portal.events.identity.CurrentCaller(null) {
            @Override
            public dev.portal.events.identity.CallerIdentity identity() {
                return null;   // signed in: the filters are what is tested here
            }
        });
        SubscriptionApi.ChangeFilter byOwner = new SubscriptionApi.ChangeFilter();
        byOwner.owner = "payments-team";
        byOwner.type = "service";
        List<String> received = new ArrayList<>();
        api.entityChanged(null, byOwner).subscribe().with(c -> received.add(c.type() + " " + c.ref()
                + (c.entity() == null ? "" : " " + c.entity().getTitle())));
        List<EntityCache.Change> seen = new ArrayList<>();
        cache.changes().subscribe().with(seen::add);

        cache.apply("component:default/a", owned("a", "payments-team"));
        cache.apply("component:default/b", owned("b", "web-team"));
        cache.apply("component:default/b", null);
        cache.apply("component:default/a", null);   // the deleted.v1 event: carries no entity
        cache.apply("component:default/a", null);   // then the tombstone: nothing is cached any more
        assertEquals(List.of("CHANGED component:default/a A", "DELETED component:default/a"), received);

        // the deletion carries the entity as the cache last knew it; one it did not know carries none
        EntityCache.Change deletion = seen.get(3);
        assertTrue(deletion.deleted());
        assertEquals("component:default/a", deletion.ref());
        assertEquals("group:default/payments-team", deletion.entity().at("/relations/0/targetRef").asText());
        assertEquals("service", deletion.entity().at("/spec/type").asText());
        assertTrue(SubscriptionApiAccess.matches(byOwner, deletion));
        EntityCache.Change unknown = seen.get(4);
        assertTrue(unknown.deleted());
        assertNull(unknown.entity());
        assertFalse(SubscriptionApiAccess.matches(byOwner, unknown));
        assertTrue(SubscriptionApiAccess.matches(null, unknown));
    }

    static JsonNode owned(String name, String owner) {
        return Json.tree(("{\"kind\":\"Component\",\"metadata\":{\"name\":\"" + name + "\",\"title\":\"" + name.toUpperCase()
                + "\"},\"spec\":{\"type\":\"service\",\"owner\":\"" + owner + "\"},\"relations\":[{\"type\":\"ownedBy\","
                + "\"targetRef\":\"group:default/" + owner + "\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anIdListArgumentGetsItsElementsClassBackFromSmallRyesModel() {
        // nodes(ids: [ID!]!) as SmallRye models it: the ID elements typed as the list itself
        io.smallrye.graphql.schema.model.Operation nodes = idListOperation("nodes", "ids");
        new IdListArguments().createOperation(nodes);
        io.smallrye.graphql.schema.model.Reference ids = nodes.getArguments().get(0).getReference();
        assertEquals("java.lang.String", ids.getClassName());
        assertEquals("ID", ids.getName());
        // a list of something other than strings is left as it was
        io.smallrye.graphql.schema.model.Operation entities = idListOperation("entities", "orderBy");
        new IdListArguments().createOperation(entities);
        assertEquals("java.util.List", entities.getArguments().get(0).getReference().getClassName());
    }

    static io.smallrye.graphql.schema.model.Operation idListOperation(String method, String parameter) {
        io.smallrye.graphql.schema.model.Argument argument = new io.smallrye.graphql.schema.model.Argument();
        argument.setMethodArgumentName(parameter);
        argument.setReference(io.smallrye.graphql.schema.model.Scalars.getIDScalar("java.util.List"));
        argument.setWrapper(new io.smallrye.graphql.schema.model.Wrapper(io.smallrye.graphql.schema.model.WrapperType.COLLECTION,
                "java.util.List"));
        io.smallrye.graphql.schema.model.Operation operation = new io.smallrye.graphql.schema.model.Operation();
        operation.setClassName(dev.portal.gateway.api.EntityApi.class.getName());
        operation.setMethodName(method);
        operation.setArguments(new ArrayList<>(List.of(argument)));
        return operation;
    }

    @Test
    void globalIdsRoundTrip() {
        String id = GlobalId.of("Entity", "component:default/a");
        assertEquals("component:default/a", GlobalId.parse(id)[1]);
        assertNull(GlobalId.parse("!!"));
    }

    static GatewayConfig config(int max) {
        return (GatewayConfig) Proxy.newProxyInstance(UnitsTest.class.getClassLoader(), new Class<?>[] {GatewayConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "cacheMaxEntities" -> max;
                    case "cacheEnabled" -> false;
                    default -> null;
                });
    }

    static JsonNode entity(String name, String title) {
        return Json.tree(("{\"kind\":\"Component\",\"metadata\":{\"name\":\"" + name + "\",\"title\":\"" + title + "\"}}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Package-private helpers reached through small public shims. */
    static final class IntegrationLinksAccess {
        static String expand(String template, JsonNode annotations) {
            return IntegrationLinks.expandTemplate(template, annotations);
        }
    }

    static final class SubscriptionApiAccess {
        static boolean matches(SubscriptionApi.ChangeFilter f, EntityCache.Change c) {
            return SubscriptionApi.matchesFilter(f, c);
        }
    }

    public record Named(String name) {
    }

    @Test
    void aPlainPropertyIsReadByItsGetterAndFallsBackForOtherSources() throws Exception {
        graphql.schema.DataFetcher<Object> fallback = env -> "from SmallRye";
        PlainFieldFetchers.Getter getter = new PlainFieldFetchers.Getter("name", fallback);
        assertEquals("alice", getter.get(graphql.schema.DataFetchingEnvironmentImpl.newDataFetchingEnvironment()
                .source(new Named("alice")).build()));
        assertEquals("from SmallRye", getter.get(graphql.schema.DataFetchingEnvironmentImpl.newDataFetchingEnvironment()
                .source(new Object()).build()));
        assertEquals(null, getter.get(graphql.schema.DataFetchingEnvironmentImpl.newDataFetchingEnvironment().build()));
    }
}
