package dev.portal.search.index;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.events.Json;
import dev.portal.search.opensearch.OpenSearchConfig;

/**
 * The indices behind each document type: a read alias {@code <prefix><type>} over one physical index
 * {@code <prefix><type>-<yyyyMMddHHmmssSSS>}, created with the type's explicit mappings. A rebuild creates another
 * physical index and {@link #swapAlias swaps} the alias to it in one atomic step.
 */
@ApplicationScoped
public class SearchIndices {

    private static final Logger LOG = Logger.getLogger(SearchIndices.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);

    private final OpenSearchClient client;
    private final OpenSearchConfig config;

    public SearchIndices(OpenSearchClient client, OpenSearchConfig config) {
        this.client = client;
        this.config = config;
    }

    /** The read alias of a type: what queries search and live indexing writes to. */
    public String alias(DocumentType type) {
        return config.indexPrefix() + type.id();
    }

    /** The type whose physical index (or alias) this is; empty for any other index. */
    public Optional<DocumentType> typeOf(String index) {
        for (DocumentType type : DocumentType.values()) {
            if (index.equals(alias(type)) || physicalPattern(type).matcher(index).matches()) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /**
     * Makes sure the type's alias exists, creating a first physical index behind it when it does not.
     *
     * @return the alias
     */
    public String ensureAlias(DocumentType type) throws IOException {
        String alias = alias(type);
        if (client.indices().existsAlias(e -> e.name(alias)).value()) {
            // an index made with another interval (an earlier setting) takes this one
            client.indices().putSettings(p -> p.index(alias).settings(s -> s.refreshInterval(t -> t.time(refreshInterval()))));
            return alias;
        }
        String index = create(type, true, refreshInterval());
        LOG.infof("Created index %s behind alias %s", index, alias);
        resolveConcurrentCreation(type);
        return alias;
    }

    /** The physical indices the type's alias points to now (one, except for an instant during a race). */
    public List<String> indicesBehind(DocumentType type) throws IOException {
        try {
            return new ArrayList<>(client.indices().getAlias(g -> g.name(alias(type))).result().keySet());
        } catch (OpenSearchException e) {
            if (e.status() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    /**
     * Points the type's alias at {@code index} and away from every other index behind it, in one atomic update: a
     * search sees either the old index or the new one, never neither.
     *
     * @return the indices the alias was taken from (still there: delete them with {@link #deleteQuietly})
     */
    public List<String> swapAlias(DocumentType type, String index) throws IOException {
        String alias = alias(type);
        List<String> old = indicesBehind(type).stream().filter(i -> !i.equals(index)).toList();
        client.indices().updateAliases(u -> {
            for (String previous : old) {
                u.actions(a -> a.remove(r -> r.index(previous).alias(alias)));
            }
            return u.actions(a -> a.add(add -> add.index(index).alias(alias)));
        });
        return old;
    }

    /** The physical indices of the type that exist, behind the alias or not (e.g. a rebuild's). */
    public List<String> physicalIndices(DocumentType type) throws IOException {
        String pattern = config.indexPrefix() + type.id() + "-*";
        return client.indices().get(g -> g.index(pattern).ignoreUnavailable(true).allowNoIndices(true)).result()
                .keySet().stream().filter(i -> physicalPattern(type).matcher(i).matches()).sorted().toList();
    }

    /**
     * Creates a physical index to fill in bulk (a rebuild): not behind the alias, and without periodic refreshes until
     * {@link #finishBulkLoad}.
     */
    public String createPhysicalIndexForBulkLoad(DocumentType type) throws IOException {
        return create(type, false, "-1");
    }

    /** Turns periodic refreshes back on and makes everything written so far searchable. */
    public void finishBulkLoad(String index) throws IOException {
        client.indices().putSettings(p -> p.index(index).settings(s -> s.refreshInterval(t -> t.time(refreshInterval()))));
        client.indices().refresh(r -> r.index(index));
    }

    private String refreshInterval() {
        return config.refreshInterval().toMillis() + "ms";
    }

    /** Deletes a physical index; a missing one is fine. Failures are logged, not thrown. */
    public void deleteQuietly(String index) {
        try {
            client.indices().delete(d -> d.index(index).ignoreUnavailable(true));
        } catch (IOException | OpenSearchException e) {
            LOG.warnf("Could not delete index %s: %s", index, e.getMessage());
        }
    }

    private String create(DocumentType type, boolean behindAlias, String refreshInterval) throws IOException {
        String index = config.indexPrefix() + type.id() + "-" + STAMP.format(Instant.now());
        ObjectNode definition = definition(type);
        ((ObjectNode) definition.path("settings").path("index")).put("refresh_interval", refreshInterval);
        if (behindAlias) {
            definition.putObject("aliases").putObject(alias(type));
        }
        try (Response response = client.generic().execute(Requests.builder().method("PUT").endpoint("/" + index)
                .json(definition.toString()).build())) {
            if (response.getStatus() >= 300) {
                String body = response.getBody().map(Body::bodyAsString).orElse("");
                throw new IOException("OpenSearch refused to create index " + index + ": HTTP "
                        + response.getStatus() + " " + body);
            }
        }
        return index;
    }

    /** The type's settings and mappings, with this installation's shard and replica counts. */
    ObjectNode definition(DocumentType type) {
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream(type.indexDefinition())) {
            if (in == null) {
                throw new IllegalStateException("Missing index definition " + type.indexDefinition());
            }
            ObjectNode definition = (ObjectNode) Json.mapper().readTree(in);
            ObjectNode index = (ObjectNode) definition.path("settings").path("index");
            index.put("number_of_replicas", config.replicas());
            index.put("number_of_shards", config.shards());
            return definition;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Two replicas starting together may each create an index behind the alias; every replica then keeps the oldest
     * (the same choice everywhere) and drops the others, so the alias ends up on exactly one index.
     */
    private void resolveConcurrentCreation(DocumentType type) throws IOException {
        List<String> behind = indicesBehind(type).stream().sorted().toList();
        if (behind.size() > 1) {
            String keep = behind.get(0);
            LOG.warnf("Alias %s pointed to %s; keeping %s", alias(type), behind, keep);
            swapAlias(type, keep).forEach(this::deleteQuietly);
        }
    }

    private Pattern physicalPattern(DocumentType type) {
        return Pattern.compile(Pattern.quote(config.indexPrefix() + type.id()) + "-\\d{17}");
    }
}
