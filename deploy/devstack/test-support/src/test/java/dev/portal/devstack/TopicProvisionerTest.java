package dev.portal.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import dev.portal.devstack.PortalStack.Component;
import dev.portal.events.Topics;
import dev.portal.events.TopicProvisioner;

/** Against the local Kafka: a change topic created without its compaction settings gets them; others are kept. */
class TopicProvisionerTest {

    @Test
    void bringsTheCompactionSettingsOfExistingTopicsInLine() throws Exception {
        PortalStack.ensureRunning(List.of(Component.KAFKA));
        String prefix = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + ".";
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, PortalStack.kafkaBootstrap());
        try (Admin admin = Admin.create(config)) {
            String changes = prefix + Topics.ENTITY_CHANGES;
            // as an older portal created it: compacted, but with Kafka's 7-day segments, and a setting of the operator's
            admin.createTopics(List.of(new NewTopic(changes, 1, (short) 1).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.RETENTION_BYTES_CONFIG, "123456789")))).all().get();
            TopicProvisioner provisioner = new TopicProvisioner(admin);
            List<NewTopic> wanted = TopicProvisioner.topics(prefix, 1, (short) 1);
            provisioner.createMissing(wanted);

            assertEquals(List.of(changes), provisioner.alignConfigs(wanted));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, changes);
            Config configs = describedOnceApplied(admin, resource);
            TopicProvisioner.COMPACTED.forEach((key, value) -> assertEquals(value, configs.get(key).value(), key));
            assertEquals("123456789", configs.get(TopicConfig.RETENTION_BYTES_CONFIG).value());
            assertEquals(List.of(), provisioner.alignConfigs(wanted), "nothing left to change");

            admin.deleteTopics(wanted.stream().map(NewTopic::name).toList()).all().get();
        }
    }

    /**
     * The topic's configs once the broker shows the change. In KRaft the controller commits an alter before the
     * broker has applied it to the metadata it answers describes from, so a describe right after can still see the
     * old values; give it up to 10 s, then return what it shows (the assertions say what is missing).
     */
    private static Config describedOnceApplied(Admin admin, ConfigResource resource) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Config configs = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            boolean applied = TopicProvisioner.COMPACTED.entrySet().stream()
                    .allMatch(e -> configs.get(e.getKey()) != null && e.getValue().equals(configs.get(e.getKey()).value()));
            if (applied || System.nanoTime() > deadline) {
                return configs;
            }
            Thread.sleep(50);
        }
    }
}
