package dev.portal.scorecard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.devstack.KeycloakTokens;
import dev.portal.events.CloudEventEnvelope;
import dev.portal.events.EntityRef;
import dev.portal.events.EventType;
import dev.portal.events.Json;
import dev.portal.events.KafkaCloudEvents;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Publishing catalog/docs/fact events like the real producers do, and waiting for the results they cause. */
public final class ScorecardTestSupport {

    private static final URI SOURCE = URI.create("/test");

    private ScorecardTestSupport() {
    }

    /** alice: platform-team, portal-admin. */
    public static RequestSpecification asAlice() {
        return given().auth().oauth2(KeycloakTokens.accessToken("alice"));
    }

    /** bob: payments-team. */
    public static RequestSpecification asBob() {
        return given().auth().oauth2(KeycloakTokens.accessToken("bob"));
    }

    /** carol: web-team and payments-team. */
    public static RequestSpecification asCarol() {
        return given().auth().oauth2(KeycloakTokens.accessToken("carol"));
    }

    /** A stitched entity as the catalog publishes it (relations from spec.owner / spec.system; members for groups). */
    public static ObjectNode entity(String kind, String name, long generation) {
        ObjectNode entity = Json.mapper().createObjectNode();
        entity.put("apiVersion", "backstage.io/v1alpha1");
        entity.put("kind", kind);
        ObjectNode metadata = entity.putObject("metadata");
        metadata.put("name", name);
        metadata.put("namespace", "default");
        metadata.put("uid", "uid-" + kind + "-" + name);
        metadata.put("etag", "etag-" + generation);
        metadata.put("generation", generation);
        entity.putObject("spec");
        entity.putArray("relations");
        return entity;
    }

    /** A component meeting every check of the starter scorecard except TechDocs (which needs a docs event). */
    public static ObjectNode goodComponent(String name, String owner, long generation) {
        ObjectNode c = entity("Component", name, generation);
        ObjectNode metadata = (ObjectNode) c.get("metadata");
        metadata.put("description", "Does " + name + " things");
        ObjectNode annotations = metadata.putObject("annotations");
        annotations.put("pagerduty.com/service-id", "P123");
        annotations.put("backstage.io/source-location", "url:https://github.com/example/" + name);
        ObjectNode spec = (ObjectNode) c.get("spec");
        spec.put("type", "service");
        spec.put("lifecycle", "production");
        spec.put("owner", owner);
        spec.put("system", "payments");
        relation(c, "ownedBy", "group:default/" + owner);
        relation(c, "partOf", "system:default/payments");
        return c;
    }

    public static ObjectNode group(String name, long generation, String parent, String... members) {
        ObjectNode g = entity("Group", name, generation);
        ((ObjectNode) g.get("spec")).put("type", "team");
        for (String member : members) {
            relation(g, "hasMember", "user:default/" + member);
        }
        if (parent != null) {
            relation(g, "childOf", "group:default/" + parent);
        }
        return g;
    }

    public static void relation(ObjectNode entity, String type, String target) {
        ArrayNode relations = (ArrayNode) entity.get("relations");
        relations.addObject().put("type", type).put("targetRef", target);
    }

    public static String ref(ObjectNode entity) {
        return EntityRef.of(entity.get("kind").asText(), "default", entity.path("metadata").path("name").asText()).canonical();
    }

    public static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    public static void send(String bootstrap, String topic, String key, EventType type, Object value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            byte[] bytes = value == null ? null
                    : value instanceof byte[] raw ? raw : value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : Json.toBytes(value);
            producer.send(KafkaCloudEvents.record(topic, key, CloudEventEnvelope.create(SOURCE, type, key), bytes)).get();
        }
    }

    public static void publishEntity(String bootstrap, String topic, ObjectNode entity) throws Exception {
        send(bootstrap, topic, ref(entity), EventType.ENTITY_CHANGED, entity.toString());
    }

    /** Many entities through one producer, in order. */
    public static void publishEntities(String bootstrap, String topic, List<ObjectNode> entities) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            for (ObjectNode entity : entities) {
                producer.send(KafkaCloudEvents.record(topic, ref(entity), CloudEventEnvelope.create(SOURCE,
                        EventType.ENTITY_CHANGED, ref(entity)), entity.toString().getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /** GET the entity's results. */
    public static JsonPath result(String ref) {
        EntityRef r = EntityRef.parse(ref);
        return asAlice().when().get("/api/scorecards/entities/" + r.namespace() + "/" + r.kind() + "/" + r.name())
                .then().statusCode(200).extract().jsonPath();
    }

    /** The entity's level on a scorecard; "-" when it has no result for it, "none" when no level is reached. */
    public static String level(String ref, String scorecardId) {
        JsonPath json = result(ref);
        List<Map<String, Object>> scorecards = json.getList("scorecards");
        for (Map<String, Object> scorecard : scorecards) {
            if (scorecardId.equals(scorecard.get("id"))) {
                Object level = scorecard.get("level");
                return level == null ? "none" : level.toString();
            }
        }
        return "-";
    }

    /** A check's status for an entity on a scorecard; "-" when absent. */
    @SuppressWarnings("unchecked")
    public static String status(String ref, String scorecardId, String checkId) {
        for (Map<String, Object> scorecard : result(ref).<Map<String, Object>>getList("scorecards")) {
            if (scorecardId.equals(scorecard.get("id"))) {
                for (Map<String, Object> check : (List<Map<String, Object>>) scorecard.get("checks")) {
                    if (checkId.equals(check.get("id"))) {
                        return (String) check.get("status");
                    }
                }
            }
        }
        return "-";
    }

    /** Waits (polling) until the value is as expected; fails with the last value seen. */
    public static <T> void await(String what, Supplier<T> value, T expected) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        T last = null;
        while (Instant.now().isBefore(deadline)) {
            last = value.get();
            if (expected.equals(last)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail(what + ": expected " + expected + " but was " + last);
    }

    /** Every record on a topic so far (from the beginning). */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, int atLeast) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
                if (records.size() >= atLeast) {
                    // drain what is already there
                    consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                    break;
                }
            }
        }
        return records;
    }
}
