package dev.portal.search.opensearch;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ServiceUnavailableException;

import java.io.IOException;

import org.jboss.logging.Logger;
import org.opensearch.client.ResponseException;
import org.opensearch.client.opensearch._types.OpenSearchException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.Json;

/**
 * Runs a read against OpenSearch for an API request and turns its failures into the API's answers: 503 while
 * OpenSearch cannot serve (unreachable, overloaded, an index whose shards are not active yet), 400 for a query it
 * refuses. The one place that tells "does not answer" from "answered with an error".
 */
public final class OpenSearchReads {

    private static final Logger LOG = Logger.getLogger(OpenSearchReads.class);

    /** A read that may fail as the OpenSearch client does. */
    @FunctionalInterface
    public interface Read<T> {
        T run() throws IOException;
    }

    private OpenSearchReads() {
    }

    /**
     * @param what how the API names what is unavailable, e.g. "Search" or "Suggestions"
     */
    public static <T> T read(String what, Read<T> read) {
        try {
            try {
                return read.run();
            } catch (IOException first) {
                if (first instanceof ResponseException) {
                    throw first; // OpenSearch answered: asking again at once would get the same answer
                }
                // A read: one retry rides out a connection the pool kept after the server dropped it.
                LOG.debugf("OpenSearch read failed once (%s); retrying", first.toString());
                return read.run();
            }
        } catch (ResponseException e) {
            // The low-level client reports some statuses (e.g. 503 "all shards failed") without the typed exception.
            int status = e.getResponse().getStatusLine().getStatusCode();
            String type = errorType(e);
            if (status >= 500 || status == 429) {
                LOG.warnf("OpenSearch failed a read with %d %s", status, type);
                throw new ServiceUnavailableException(what + " is unavailable: OpenSearch answered " + status + " ("
                        + type + ")");
            }
            LOG.infof("OpenSearch refused a read: %d %s", status, type);
            throw new BadRequestException(what + " could not be run: OpenSearch answered " + status + " (" + type + ")");
        } catch (IOException e) {
            LOG.warnf("OpenSearch does not answer: %s", e.toString());
            throw new ServiceUnavailableException(what + " is unavailable: OpenSearch does not answer");
        } catch (OpenSearchException e) {
            if (e.status() >= 500 || e.status() == 429) {
                LOG.warnf("OpenSearch failed a read: %s", e.getMessage());
                throw new ServiceUnavailableException(what + " is unavailable: " + e.error().type());
            }
            // Our queries are built from typed parts, so this is a term OpenSearch cannot take (e.g. too complex).
            LOG.infof("OpenSearch refused a read: %s", e.getMessage());
            throw new BadRequestException(what + " could not be run: " + e.error().reason());
        }
    }

    /** The error type of OpenSearch's error body, e.g. {@code search_phase_execution_exception}. */
    private static String errorType(ResponseException e) {
        String message = e.getMessage();
        int body = message.indexOf('{');
        if (body >= 0) {
            try {
                JsonNode error = Json.mapper().readTree(message.substring(body)).path("error");
                String type = error.isTextual() ? error.asText() : error.path("type").asText("");
                if (!type.isEmpty()) {
                    return type;
                }
            } catch (IOException ignored) {
                // not JSON: fall back to the status line
            }
        }
        return e.getResponse().getStatusLine().getReasonPhrase();
    }
}
