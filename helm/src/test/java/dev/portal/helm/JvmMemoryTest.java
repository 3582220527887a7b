package dev.portal.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;

/** Every service runs with the memory settings that keep it inside its limit, as ./portal up runs it. */
class JvmMemoryTest {

    private static final List<String> SERVICES = List.of("catalog", "search", "techdocs", "scorecard", "gateway");

    @Test
    void everyServiceSizesItsHeapFromTheLimitAndGivesMemoryBack() {
        RenderedChart chart = RenderedChart.withDefaults();
        for (String service : SERVICES) {
            Map<String, String> config = chart.named(ConfigMap.class, RenderedChart.nameOf(service)).getData();
            String options = config.get("JAVA_TOOL_OPTIONS");
            assertTrue(options.contains("-XX:MaxRAMPercentage=70"), service + ": " + options);
            // G1 whatever the container's size (the JVM picks the serial collector below 2 CPUs or 1,792 MB), with a
            // periodic cycle when idle: it shrinks the heap a burst grew, where the serial collector kept it.
            assertTrue(options.contains("-XX:+UseG1GC"), service + ": " + options);
            assertTrue(options.contains("-XX:G1PeriodicGCInterval=15000"), service + ": " + options);
            assertTrue(options.contains("-XX:TrimNativeHeapInterval=5000"), service + ": " + options);
            assertTrue(options.contains("-XX:+ExitOnOutOfMemoryError"), service + ": " + options);
            assertEquals("2", config.get("MALLOC_ARENA_MAX"), service);
        }
    }

    @Test
    void javaOptionsAreTheOperatorsToReplace() {
        RenderedChart chart = RenderedChart.render(t -> t.set("javaOptions", "-Xmx300m"));
        assertEquals("-Xmx300m", chart.named(ConfigMap.class, RenderedChart.nameOf("gateway")).getData().get("JAVA_TOOL_OPTIONS"));
    }
}
