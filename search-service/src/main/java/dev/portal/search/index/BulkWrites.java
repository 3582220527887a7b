package dev.portal.search.index;

import java.util.Map;

import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch._types.Script;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;

/** Helpers every indexer's bulk writes share: painless scripts and reading a bulk item's result. */
public final class BulkWrites {

    private BulkWrites() {
    }

    public static Script script(String source, Map<String, JsonData> params) {
        return Script.of(s -> s.inline(i -> i.lang("painless").source(source).params(params)));
    }

    /**
     * The outcome of one bulk item: {@code ok} (or SKIPPED for a no-op) when it succeeded, FAILED when OpenSearch
     * refused it for good.
     *
     * @throws IndexUnavailableException when the refusal passes (overload, missing index): retry the batch
     */
    public static WriteOutcome outcome(BulkResponseItem item, String what, WriteOutcome ok)
            throws IndexUnavailableException {
        int status = item.status();
        if (status >= 200 && status < 300) {
            return "noop".equals(item.result()) ? WriteOutcome.SKIPPED : ok;
        }
        if (IndexUnavailableException.isTransient(status, type(item.error()))) {
            throw new IndexUnavailableException("OpenSearch did not take " + what + ": HTTP " + status + " "
                    + describe(item.error(), ""));
        }
        return WriteOutcome.failed("OpenSearch refused " + what + ": " + describe(item.error(), "HTTP " + status));
    }

    public static String type(ErrorCause error) {
        return error == null ? null : error.type();
    }

    public static String describe(ErrorCause error, String fallback) {
        if (error == null) {
            return fallback;
        }
        String reason = error.type() + ": " + error.reason();
        return error.causedBy() == null ? reason : reason + " (" + error.causedBy().type() + ": " + error.causedBy().reason() + ")";
    }
}
