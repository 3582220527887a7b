package dev.portal.search.index;

/** What became of one change written to an index; {@code FAILED} ones OpenSearch refused for good and go to the DLQ. */
public record WriteOutcome(Kind kind, String reason) {

    public enum Kind { WRITTEN, DELETED, SKIPPED, FAILED }

    public static final WriteOutcome WRITTEN = new WriteOutcome(Kind.WRITTEN, null);
    public static final WriteOutcome DELETED = new WriteOutcome(Kind.DELETED, null);
    public static final WriteOutcome SKIPPED = new WriteOutcome(Kind.SKIPPED, null);

    public static WriteOutcome failed(String reason) {
        return new WriteOutcome(Kind.FAILED, reason);
    }
}
