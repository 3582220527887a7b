package dev.portal.events;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates the topics of design.md (and their DLQs) when they do not exist yet: the change topics compacted, since
 * their latest value per entity ref is the state every read model is rebuilt from. Existing topics keep their
 * partitions; their compaction settings are brought in line ({@link #alignConfigs}).
 *
 * <p>Run by {@code ./portal up} and by the test resource (with a per-class prefix):
 * {@code java -cp events.jar:kafka-clients… dev.portal.events.TopicProvisioner <bootstrap> [prefix] [partitions] [replicationFactor]}
 */
public final class TopicProvisioner {

    /**
     * Configs of a change topic. Kafka compacts only closed segments, and by default a segment stays open for 7 days:
     * a replay would read every change of the week instead of about one message per entity. Closing a segment every
     * hour, and cleaning once a tenth of the log is superseded, keeps replays (index rebuilds, new read models) short.
     */
    public static final Map<String, String> COMPACTED = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.SEGMENT_MS_CONFIG, "3600000",
            TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1");

    private final Admin admin;

    public TopicProvisioner(Admin admin) {
        this.admin = admin;
    }

    /** The topics this portal needs under {@code prefix}: each main topic and its DLQ. */
    public static List<NewTopic> topics(String prefix, int partitions, short replicationFactor) {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.all()) {
            String name = Topics.prefixed(prefix, topic);
            NewTopic main = new NewTopic(name, partitions, replicationFactor);
            if (Topics.isCompacted(topic)) {
                main.configs(COMPACTED);
            }
            topics.add(main);
            topics.add(new NewTopic(Topics.dlq(name), partitions, replicationFactor));
        }
        return topics;
    }

    /** Creates the missing topics; returns the names it created. */
    public List<String> createMissing(List<NewTopic> wanted) throws InterruptedException, ExecutionException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
        if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get();
        }
        return missing.stream().map(NewTopic::name).toList();
    }

    /**
     * Sets the wanted configs on topics that exist with other values — e.g. change topics created before they closed
     * segments hourly, which Kafka would then never compact — and returns their names. Other configs are untouched.
     */
    public List<String> alignConfigs(List<NewTopic> wanted) throws InterruptedException, ExecutionException {
        Set<String> existing = admin.listTopics().names().get();
        Map<ConfigResource, Map<String, String>> configured = new HashMap<>();
        for (NewTopic topic : wanted) {
            if (existing.contains(topic.name()) && topic.configs() != null && !topic.configs().isEmpty()) {
                configured.put(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()), topic.configs());
            }
        }
        if (configured.isEmpty()) {
            return List.of();
        }
        Map<ConfigResource, Config> current = admin.describeConfigs(configured.keySet()).all().get();
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        configured.forEach((resource, configs) -> configs.forEach((key, value) -> {
            ConfigEntry entry = current.get(resource).get(key);
            if (entry == null || !value.equals(entry.value())) {
                changes.computeIfAbsent(resource, r -> new ArrayList<>())
                        .add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET));
            }
        }));
        if (!changes.isEmpty()) {
            admin.incrementalAlterConfigs(changes).all().get();
        }
        return changes.keySet().stream().map(ConfigResource::name).sorted().toList();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: TopicProvisioner <bootstrap-servers> [prefix] [partitions] [replication-factor]");
            System.exit(2);
        }
        String prefix = args.length > 1 ? args[1] : "";
        int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        short replication = args.length > 3 ? Short.parseShort(args[3]) : 1;
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        try (Admin admin = Admin.create(config)) {
            TopicProvisioner provisioner = new TopicProvisioner(admin);
            List<NewTopic> wanted = topics(prefix, partitions, replication);
            List<String> created = provisioner.createMissing(wanted);
            System.out.println(created.isEmpty() ? "topics: all present" : "topics created: " + String.join(", ", created));
            List<String> aligned = provisioner.alignConfigs(wanted);
            if (!aligned.isEmpty()) {
                System.out.println("topic configs updated: " + String.join(", ", aligned));
            }
        }
    }
}
