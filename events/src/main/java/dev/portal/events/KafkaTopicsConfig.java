package dev.portal.events;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The topic names a service uses: design.md's names unless configured otherwise, with an optional prefix (tests use
 * one per class; an operator may use one per installation). Environment: {@code PORTAL_TOPIC_PREFIX},
 * {@code PORTAL_TOPIC_ENTITY_INGEST}, … (see META-INF/microprofile-config.properties).
 */
@ConfigMapping(prefix = "portal.kafka")
public interface KafkaTopicsConfig {

    Optional<String> topicPrefix();

    Names topic();

    interface Names {
        @WithDefault(Topics.ENTITY_INGEST)
        String entityIngest();

        @WithDefault(Topics.ENTITY_CHANGES)
        String entityChanges();

        @WithDefault(Topics.TECHDOCS_CHANGES)
        String techdocsChanges();

        @WithDefault(Topics.SCORECARD_CHANGES)
        String scorecardChanges();

        @WithDefault(Topics.FACTS)
        String facts();
    }

    default String entityIngest() {
        return topicPrefix().orElse("") + topic().entityIngest();
    }

    default String entityChanges() {
        return topicPrefix().orElse("") + topic().entityChanges();
    }

    default String techdocsChanges() {
        return topicPrefix().orElse("") + topic().techdocsChanges();
    }

    default String scorecardChanges() {
        return topicPrefix().orElse("") + topic().scorecardChanges();
    }

    default String facts() {
        return topicPrefix().orElse("") + topic().facts();
    }
}
