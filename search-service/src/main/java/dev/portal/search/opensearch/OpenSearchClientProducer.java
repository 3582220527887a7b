package dev.portal.search.opensearch;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.io.IOException;

import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import com.fasterxml.jackson.databind.DeserializationFeature;
import org.opensearch.client.RestClient;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.rest_client.RestClientTransport;

import dev.portal.events.Json;

/** One OpenSearch client per service, over the low-level REST client, sharing the portal's Jackson setup. */
@ApplicationScoped
public class OpenSearchClientProducer {

    private final RestClient restClient;

    public OpenSearchClientProducer(OpenSearchConfig config) {
        var builder = RestClient.builder(HttpHost.create(config.url()))
                .setRequestConfigCallback(request -> request.setConnectTimeout(2_000).setSocketTimeout(30_000));
        if (config.username().isPresent()) {
            var credentials = new BasicCredentialsProvider();
            credentials.setCredentials(AuthScope.ANY,
                    new UsernamePasswordCredentials(config.username().get(), config.password().orElse("")));
            builder.setHttpClientConfigCallback(http -> http.setDefaultCredentialsProvider(credentials));
        }
        this.restClient = builder.build();
    }

    @Produces
    @Singleton
    OpenSearchClient openSearchClient() {
        // The client parses documents out of a larger response stream, so trailing tokens are expected there.
        var mapper = Json.mapper().copy().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return new OpenSearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper(mapper)));
    }

    @PreDestroy
    void close() throws IOException {
        restClient.close();
    }
}
