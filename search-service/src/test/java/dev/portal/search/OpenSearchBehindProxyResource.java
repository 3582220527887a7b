package dev.portal.search;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.portal.devstack.PortalStack;
import dev.portal.devstack.PortalStackResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The local stack's OpenSearch behind a {@link TcpProxy}, with the class's own index prefix (use it instead of the
 * {@code opensearch} component of {@link PortalStackResource}). A test takes OpenSearch away and back by setting its
 * field {@code AtomicBoolean openSearchReachable}; a JDK type, so it crosses Quarkus's class loaders.
 */
public class OpenSearchBehindProxyResource implements QuarkusTestResourceLifecycleManager {

    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private final String prefix = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "-";
    private TcpProxy proxy;
    private Thread follower;

    @Override
    public Map<String, String> start() {
        PortalStack.ensureRunning(List.of(PortalStack.Component.OPENSEARCH));
        URI target = URI.create(PortalStack.openSearchUrl());
        proxy = new TcpProxy(target.getHost(), target.getPort());
        try {
            proxy.up();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the OpenSearch proxy", e);
        }
        follower = new Thread(this::follow, "opensearch-proxy-switch");
        follower.setDaemon(true);
        follower.start();
        return Map.of("portal.opensearch.url", "http://127.0.0.1:" + proxy.port(),
                PortalStackResource.INDEX_PREFIX, prefix);
    }

    /** Takes the proxy down and up as the test's flag says. */
    private void follow() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (reachable.get() && !proxy.isUp()) {
                    proxy.up();
                } else if (!reachable.get() && proxy.isUp()) {
                    proxy.down();
                }
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // the port may take a moment to be free again; retry
            }
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(reachable, field -> field.getName().equals("openSearchReachable")
                && field.getType().getName().equals(AtomicBoolean.class.getName()));
    }

    @Override
    public void stop() {
        follower.interrupt();
        proxy.close();
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(PortalStack.openSearchUrl() + "/" + prefix + "*?expand_wildcards=all"))
                    .DELETE().build(), HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            System.err.println("could not delete test indices " + prefix + "*: " + e.getMessage());
        }
    }
}
