package dev.portal.scorecard.evaluation;

import com.fasterxml.jackson.annotation.JsonValue;

/** The outcome of one check on one entity; {@link #EXEMPT} counts as passing. */
public enum CheckStatus {
    PASS, FAIL, EXEMPT, ERROR;

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean passing() {
        return this == PASS || this == EXEMPT;
    }

    public static CheckStatus of(String wire) {
        return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
    }
}
