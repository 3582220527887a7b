package dev.portal.search.rebuild;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a rebuild of one document type's index stands.
 *
 * @param index            the new physical index it fills
 * @param total            messages on the topic to replay (grows if catching up with new changes takes more)
 * @param scanned          messages whose keys were read by the first pass, which finds each key's last message
 * @param read             messages replayed so far (the second pass; only each key's last message is written)
 * @param indexed          documents written (or deleted) in the new index so far
 * @param replacedIndices  the indices the alias was taken from, once swapped (they are deleted)
 * @param message          why it did not swap, or failed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RebuildStatus(String type, State state, String index, Instant startedAt, Instant finishedAt, long total,
                            long scanned, long read, long indexed, List<String> replacedIndices, String message) {

    public enum State {
        /** Replaying into the new index; searches still use the old one. */
        RUNNING,
        /** The alias points to the new index; the old ones are deleted. */
        SWAPPED,
        /** Nothing was received, so the alias stays where it was and the new index is deleted. */
        NOT_SWAPPED,
        /** Something broke; the alias stays where it was and the new index is deleted. */
        FAILED
    }
}
