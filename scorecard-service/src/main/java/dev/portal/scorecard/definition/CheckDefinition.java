package dev.portal.scorecard.definition;

/**
 * A check: a CEL rule over {@code entity}, {@code docs}, {@code facts} and {@code owner} that must be true.
 *
 * @param remediation Markdown telling an owner how to fix a failure
 */
public record CheckDefinition(String id, String title, String description, String remediation, EntityFilter filter,
                              String expression) {

    public CheckDefinition {
        filter = filter == null ? EntityFilter.ANY : filter;
    }
}
