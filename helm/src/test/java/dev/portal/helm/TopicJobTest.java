package dev.portal.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.portal.events.TopicProvisioner;
import dev.portal.events.Topics;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/** The hook Job creates exactly the topics of the events contract, with the configs the design asks for. */
class TopicJobTest {

    /** One `create --topic <name> --partitions <n> --replication-factor <r> [--config k=v]...` line of the script. */
    private static final Pattern CREATE = Pattern.compile(
            "^create --topic (\\S+) --partitions (\\d+) --replication-factor (\\d+)((?: --config \\S+)*)$", Pattern.MULTILINE);

    record TopicSpec(int partitions, int replicationFactor, Map<String, String> configs) {
    }

    @Test
    void createsEveryTopicOfTheEventsContractAndItsDlq() {
        Map<String, TopicSpec> topics = topics(RenderedChart.withDefaults().topicJob());

        assertThat(topics).hasSize(Topics.all().size() * 2);
        for (String topic : Topics.all()) {
            assertThat(topics).containsKeys(topic, Topics.dlq(topic));
        }
    }

    @Test
    void compactsExactlyTheChangeTopics() {
        Map<String, TopicSpec> topics = topics(RenderedChart.withDefaults().topicJob());

        topics.forEach((name, spec) -> {
            boolean compacted = "compact".equals(spec.configs().get("cleanup.policy"));
            boolean shouldBe = Topics.isCompacted(name) && !name.endsWith(Topics.DLQ_SUFFIX);
            assertThat(compacted).as(name).isEqualTo(shouldBe);
        });
        assertThat(topics.get("portal.entity.changes").configs()).containsAllEntriesOf(TopicProvisioner.COMPACTED);
        assertThat(topics.get("portal.facts").configs()).doesNotContainKey("cleanup.policy").doesNotContainKey("segment.ms");
    }

    @Test
    void bringsTheCompactionSettingsOfExistingChangeTopicsInLine() {
        String script = script(RenderedChart.withDefaults().topicJob());
        Matcher align = Pattern.compile("^align (\\S+) (\\S+)$", Pattern.MULTILINE).matcher(script);
        Map<String, Map<String, String>> aligned = new java.util.HashMap<>();
        while (align.find()) {
            Map<String, String> settings = new java.util.HashMap<>();
            for (String setting : align.group(2).split(",")) {
                settings.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
            }
            aligned.put(align.group(1), settings);
        }
        assertThat(aligned.keySet()).containsExactlyInAnyOrderElementsOf(
                Topics.all().stream().filter(Topics::isCompacted).toList());
        aligned.values().forEach(settings -> assertThat(settings).containsAllEntriesOf(TopicProvisioner.COMPACTED));
        assertThat(script).contains("kafka-configs.sh").contains("--alter --entity-type topics");
    }

    @Test
    void usesTheConfiguredPartitionsReplicationFactorAndPrefix() {
        Map<String, TopicSpec> defaults = topics(RenderedChart.withDefaults().topicJob());
        assertThat(defaults.values()).allSatisfy(spec -> {
            assertThat(spec.partitions()).isEqualTo(6);
            assertThat(spec.replicationFactor()).isEqualTo(3);
        });

        Map<String, TopicSpec> small = topics(RenderedChart.withValues(RenderedChart.example("small-values.yaml")).topicJob());
        assertThat(small.values()).allSatisfy(spec -> {
            assertThat(spec.partitions()).isEqualTo(3);
            assertThat(spec.replicationFactor()).isEqualTo(1);
        });

        Map<String, TopicSpec> prefixed = topics(RenderedChart.render(t -> t.set("kafka.topics.prefix", "prod.")).topicJob());
        assertThat(prefixed).containsKeys("prod.portal.entity.changes", "prod.portal.entity.changes.dlq");
        assertThat(prefixed.get("prod.portal.entity.changes").configs()).containsEntry("cleanup.policy", "compact");
    }

    @Test
    void appliesSharedAndPerTopicConfigs() {
        Map<String, TopicSpec> production =
                topics(RenderedChart.withValues(RenderedChart.example("production-values.yaml")).topicJob());

        assertThat(production.values()).allSatisfy(spec ->
                assertThat(spec.configs()).containsEntry("min.insync.replicas", "2"));
        assertThat(production.get("portal.facts").configs()).containsEntry("retention.ms", "1209600000");
        assertThat(production.get("portal.entity.changes").replicationFactor()).isEqualTo(3);
    }

    @Test
    void runsAsAPostInstallAndPostUpgradeHookThatConnectsWithTheKafkaSecurityValues() {
        Job job = RenderedChart.withValues(RenderedChart.example("production-values.yaml")).topicJob();

        assertThat(RenderedChart.hookOf(job)).isEqualTo("post-install,post-upgrade");
        String script = script(job);
        assertThat(script).contains("security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512",
                "ScramLoginModule required username=\"portal\" password=\"${KAFKA_PASSWORD}\"",
                "ssl.truststore.location=/etc/portal/kafka-ca/ca.crt");
        assertThat(RenderedChart.render(t -> t.set("kafka.topics.create", "false")).all(Job.class)).isEmpty();
    }

    static Map<String, TopicSpec> topics(Job job) {
        Map<String, TopicSpec> topics = new LinkedHashMap<>();
        Matcher m = CREATE.matcher(script(job));
        while (m.find()) {
            Map<String, String> configs = new LinkedHashMap<>();
            for (String config : m.group(4).split(" --config ")) {
                if (!config.isBlank()) {
                    String[] kv = config.trim().split("=", 2);
                    configs.put(kv[0], kv[1]);
                }
            }
            topics.put(m.group(1), new TopicSpec(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), configs));
        }
        return topics;
    }

    private static String script(Job job) {
        var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        return String.join("\n", container.getArgs());
    }
}
