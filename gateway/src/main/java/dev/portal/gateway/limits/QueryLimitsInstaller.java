package dev.portal.gateway.limits;

import java.util.List;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import graphql.GraphQL;
import graphql.execution.instrumentation.ChainedInstrumentation;
import io.smallrye.graphql.spi.EventingService;

/**
 * Puts {@link QueryLimits} first in SmallRye GraphQL's instrumentation chain (registered in META-INF/services; SmallRye
 * calls it when {@code portal.gateway.query-limits.enabled} is true). The limits are
 * {@code portal.gateway.max-depth}, {@code portal.gateway.max-complexity} and {@code portal.gateway.max-list-items}.
 */
public class QueryLimitsInstaller implements EventingService {

    @Override
    public String getConfigKey() {
        return "portal.gateway.query-limits.enabled";
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        Config config = ConfigProvider.getConfig();
        QueryLimits limits = new QueryLimits(config.getValue("portal.gateway.max-depth", Integer.class),
                config.getValue("portal.gateway.max-complexity", Integer.class),
                config.getValue("portal.gateway.max-list-items", Integer.class));
        // the builder has no getter: build once to read SmallRye's chain (its query cache), and keep it after ours
        return builder.instrumentation(new ChainedInstrumentation(List.of(limits, builder.build().getInstrumentation())));
    }
}
