package dev.portal.scorecard.cel;

import dev.cel.runtime.CelRuntime;

/** A type-checked expression and its program, compiled once and shared. */
public record CompiledExpression(String source, CelRuntime.Program program) {
}
