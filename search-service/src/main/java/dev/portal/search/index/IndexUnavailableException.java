package dev.portal.search.index;

/**
 * OpenSearch did not take a write for a reason that passes (unreachable, overloaded, restarting, index missing): the
 * same write is to be retried later, never dead-lettered.
 */
public class IndexUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public IndexUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public IndexUnavailableException(String message) {
        super(message);
    }

    /** Whether an HTTP status from OpenSearch means "try again later". */
    public static boolean isTransient(int status, String errorType) {
        return status == 429 || status >= 500 || "index_not_found_exception".equals(errorType)
                || "cluster_block_exception".equals(errorType);
    }
}
