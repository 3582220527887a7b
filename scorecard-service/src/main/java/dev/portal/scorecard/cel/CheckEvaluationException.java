package dev.portal.scorecard.cel;

/** An expression that failed on one entity (missing field, wrong type, cost limit): recorded as status {@code error}. */
public class CheckEvaluationException extends RuntimeException {

    public CheckEvaluationException(String message) {
        super(message, null, false, false);
    }
}
