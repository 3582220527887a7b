package dev.portal.scorecard.cel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.portal.events.Json;

/**
 * Compiles and runs check expressions. Variables (all {@code dyn}, since entities are free-form JSON):
 * {@code entity} (the stitched entity with relations), {@code docs} (TechDocs status), {@code facts} (source → latest
 * facts) and {@code owner} (the owning group entity without its ownerOf relations, etag and generation: see
 * {@link dev.portal.scorecard.evaluation.OwnerView}; {@code {}} when absent). One extra function,
 * {@code validDefinition(definition, type)}, tells whether an API definition parses.
 *
 * <p>Every evaluation runs under a cost limit: each evaluated sub-expression costs one unit, and an expression that
 * exceeds {@link #costLimit} is stopped with an error (as well as by CEL's own per-comprehension iteration limit).
 * Thread-safe: compiled programs are immutable and shared.
 */
public final class CelEngine {

    public static final List<String> VARIABLES = List.of("entity", "docs", "facts", "owner");

    private final CelCompiler compiler;
    private final CelRuntime runtime;
    private final long costLimit;

    public CelEngine(long costLimit, int maxIterationsPerComprehension) {
        this.costLimit = costLimit;
        CelOptions options = CelOptions.current()
                .comprehensionMaxIterations(maxIterationsPerComprehension)
                .maxExpressionCodePointSize(10_000)
                .build();
        var builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration("validDefinition",
                        CelOverloadDecl.newGlobalOverload("validDefinition_string_string", SimpleType.BOOL,
                                SimpleType.STRING, SimpleType.STRING)));
        for (String variable : VARIABLES) {
            builder.addVar(variable, SimpleType.DYN);
        }
        this.compiler = builder.setResultType(SimpleType.BOOL).build();
        this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
                .setOptions(options)
                .addFunctionBindings(CelFunctionBinding.from("validDefinition_string_string", String.class, String.class,
                        CelEngine::validDefinition))
                .build();
    }

    public long costLimit() {
        return costLimit;
    }

    /**
     * Parses and type-checks an expression (it must be a boolean).
     *
     * @throws CheckExpressionException naming the line and column of the first problem
     */
    public CompiledExpression compile(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new CheckExpressionException("expression must not be empty", 1, 1);
        }
        CelValidationResult result = compiler.compile(expression);
        if (result.hasError()) {
            CelIssue first = result.getErrors().get(0);
            int line = Math.max(1, first.getSourceLocation().getLine());
            int column = first.getSourceLocation().getColumn() + 1;
            throw new CheckExpressionException(first.getMessage(), line, column, result.getErrorString());
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            return new CompiledExpression(expression, runtime.createProgram(ast));
        } catch (CelValidationException | CelEvaluationException e) {
            throw new CheckExpressionException(e.getMessage(), 1, 1);
        }
    }

    /**
     * Runs a compiled expression over the variables.
     *
     * @return true or false
     * @throws CheckEvaluationException when the expression errors (missing field, wrong type, cost limit)
     */
    public boolean evaluate(CompiledExpression compiled, Map<String, Object> variables) {
        AtomicLong cost = new AtomicLong();
        Object value;
        try {
            value = compiled.program().trace(variables, (expr, result) -> {
                if (cost.incrementAndGet() > costLimit) {
                    throw new CostLimitExceeded();
                }
            });
        } catch (CostLimitExceeded e) {
            throw new CheckEvaluationException("evaluation cost limit of " + costLimit + " exceeded");
        } catch (CelEvaluationException e) {
            if (hasCause(e, CostLimitExceeded.class)) {
                throw new CheckEvaluationException("evaluation cost limit of " + costLimit + " exceeded");
            }
            throw new CheckEvaluationException(e.getMessage());
        } catch (RuntimeException e) {
            if (hasCause(e, CostLimitExceeded.class)) {
                throw new CheckEvaluationException("evaluation cost limit of " + costLimit + " exceeded");
            }
            throw new CheckEvaluationException(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw new CheckEvaluationException("expression returned " + (value == null ? "null" : value.getClass().getSimpleName())
                + ", not a bool");
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Whether an API's definition parses as its type says: OpenAPI/AsyncAPI as a YAML/JSON document, others non-empty. */
    static boolean validDefinition(String definition, String type) {
        if (definition == null || definition.isBlank()) {
            return false;
        }
        String t = type == null ? "" : type.toLowerCase(java.util.Locale.ROOT);
        if (t.equals("openapi") || t.equals("asyncapi")) {
            try {
                LoadSettings settings = LoadSettings.builder().setMaxAliasesForCollections(50)
                        .setAllowDuplicateKeys(false).setCodePointLimit(5_000_000).build();
                Object doc = new Load(settings).loadFromString(definition);
                if (!(doc instanceof Map<?, ?> map)) {
                    return false;
                }
                return t.equals("openapi") ? map.containsKey("openapi") || map.containsKey("swagger") : map.containsKey("asyncapi");
            } catch (RuntimeException e) {
                return false;
            }
        }
        if (t.equals("graphql")) {
            return definition.contains("type ") || definition.contains("schema");
        }
        if (t.equals("grpc")) {
            return definition.contains("syntax") || definition.contains("service ");
        }
        return true;
    }

    /** Converts JSON to the values CEL understands: maps, lists, Long, Double, String, Boolean, NullValue. */
    public static Object toCel(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return dev.cel.common.values.NullValue.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> map = new java.util.LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new java.util.ArrayList<>(node.size());
            node.forEach(item -> list.add(toCel(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            if (node.canConvertToLong()) {
                return Long.valueOf(node.longValue()); // not a ternary: it would promote the long to double
            }
            return Double.valueOf(node.doubleValue());
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }

    /** JSON text → CEL value. */
    public static Object toCel(String json) {
        try {
            return toCel(Json.mapper().readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final class CostLimitExceeded extends RuntimeException {
        CostLimitExceeded() {
            super("cost limit exceeded", null, false, false);
        }
    }
}
