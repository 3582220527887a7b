package dev.portal.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Quantity;

/** Every service runs with the memory settings that keep it inside its limit, as ./portal up runs it. */
class JvmMemoryTest {

    private static final List<String> SERVICES = List.of("catalog", "search", "techdocs", "scorecard", "gateway");

    @Test
    void everyServiceSizesItsHeapFromTheLimitAndGivesMemoryBack() {
        RenderedChart chart = RenderedChart.withDefaults();
        for (String service : SERVICES) {
            Map<String, String> config = chart.named(ConfigMap.class, RenderedChart.nameOf(service)).getData();
            String options = config.get("JAVA_TOOL_OPTIONS");
            assertTrue(options.contains("-XX:MaxRAMPercentage=50"), service + ": " + options);
            for (String cap : List.of("-XX:MaxMetaspaceSize=160m", "-XX:ReservedCodeCacheSize=64m", "-Xss512k",
                    "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30")) {
                assertTrue(options.contains(cap), service + ": " + options);
            }
            // G1 whatever the container's size (the JVM picks the serial collector below 2 CPUs or 1,792 MB), with a
            // periodic cycle when idle: it shrinks the heap a burst grew, where the serial collector kept it.
            assertTrue(options.contains("-XX:+UseG1GC"), service + ": " + options);
            assertTrue(options.contains("-XX:G1PeriodicGCInterval=15000"), service + ": " + options);
            assertTrue(options.contains("-XX:TrimNativeHeapInterval=5000"), service + ": " + options);
            assertTrue(options.contains("-XX:+ExitOnOutOfMemoryError"), service + ": " + options);
            assertEquals("2", config.get("MALLOC_ARENA_MAX"), service);
        }
    }

    /**
     * The heap may grow to its maximum (a seed, a full evaluation), and the JVM needs its own memory beside it: up to
     * 220 MB measured (docs/benchmarks.md: the scorecard-service at its peak had 82 MB of metaspace, 28 MB of code, 21 MB
     * of compiler arenas, 46 MB of G1 structures, 28 MB of symbols and shared archive). So the heap's share of each
     * container's memory limit must leave that much, or the container is killed at its peak.
     */
    @Test
    void theHeapLeavesRoomForTheJvmsOwnMemoryInsideTheLimit() {
        RenderedChart chart = RenderedChart.withDefaults();
        for (String service : SERVICES) {
            String options = chart.named(ConfigMap.class, RenderedChart.nameOf(service)).getData().get("JAVA_TOOL_OPTIONS");
            Matcher percentage = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(options);
            assertTrue(percentage.find(), service + ": " + options);
            Quantity limit = chart.deployment(service).getSpec().getTemplate().getSpec().getContainers().get(0)
                    .getResources().getLimits().get("memory");
            long limitBytes = Quantity.getAmountInBytes(limit).longValue();
            long heapBytes = limitBytes * Integer.parseInt(percentage.group(1)) / 100;
            assertTrue(limitBytes - heapBytes >= 220L * 1000 * 1000, service + ": a " + limit + " limit leaves "
                    + (limitBytes - heapBytes) / 1_000_000 + " MB beside a heap of " + heapBytes / 1_000_000 + " MB");
        }
    }

    @Test
    void javaOptionsAreTheOperatorsToReplace() {
        RenderedChart chart = RenderedChart.render(t -> t.set("javaOptions", "-Xmx300m"));
        assertEquals("-Xmx300m", chart.named(ConfigMap.class, RenderedChart.nameOf("gateway")).getData().get("JAVA_TOOL_OPTIONS"));
    }
}
