package dev.portal.catalog.entity.validation;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown by {@link EntityValidator#requireValid} when an entity has one or more problems. */
public class EntityValidationException extends RuntimeException {

    private final List<ValidationProblem> problems;

    public EntityValidationException(List<ValidationProblem> problems) {
        super(join(problems));
        if (problems == null || problems.isEmpty()) {
            throw new IllegalArgumentException("an EntityValidationException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in the order the validator found them; never empty. */
    public List<ValidationProblem> problems() {
        return problems;
    }

    private static String join(List<ValidationProblem> problems) {
        return problems == null ? "" : problems.stream().map(ValidationProblem::message).collect(Collectors.joining("; "));
    }
}
