package dev.portal.devstack.opensearch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * Runs a single OpenSearch node from Maven Central artifacts, without a distribution download.
 * Bootstrap is skipped on purpose: no security manager and no security plugin, so it must only bind loopback.
 *
 * <p>Usage: {@code java -cp "lib/*" dev.portal.devstack.opensearch.OpenSearchLauncher <home> <httpPort> <transportPort>}
 */
public final class OpenSearchLauncher {

    private static final List<Class<? extends Plugin>> PLUGINS = List.of(
            Netty4Plugin.class, CommonAnalysisPlugin.class, PainlessPlugin.class, MapperExtrasPlugin.class);

    /** Node's plugin-list constructor is protected: this subclass is the documented way to embed a node. */
    private static final class EmbeddedNode extends Node {
        EmbeddedNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }
    }

    private OpenSearchLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: OpenSearchLauncher <home> <httpPort> <transportPort>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Settings settings = Settings.builder()
                .put("cluster.name", "portal-dev")
                .put("node.name", "node-1")
                .put("path.home", home.toString())
                .put("path.data", home.resolve("data").toString())
                .put("path.logs", home.resolve("logs").toString())
                .put("discovery.type", "single-node")
                .put("network.host", "127.0.0.1")
                .put("http.port", args[1])
                .put("transport.port", args[2])
                // A developer laptop's disk is often fuller than OpenSearch's watermarks allow.
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .build();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "node-1");
        Node node = new EmbeddedNode(environment, PLUGINS);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (IOException e) {
                System.err.println("OpenSearch did not close cleanly: " + e.getMessage());
            }
        }, "opensearch-shutdown"));
        node.start();
        System.out.println("OpenSearch node started on http://127.0.0.1:" + args[1]);
        new CountDownLatch(1).await(); // runs until the process is stopped
    }
}
