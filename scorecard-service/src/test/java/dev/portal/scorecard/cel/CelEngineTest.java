package dev.portal.scorecard.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The CEL engine: macros, JSON numbers, errors with positions, and the cost limit. */
class CelEngineTest {

    private final CelEngine engine = new CelEngine(100_000, 10_000);

    private Map<String, Object> vars(String entityJson) {
        return Map.of("entity", CelEngine.toCel(entityJson), "docs", Map.of(), "facts", Map.of(), "owner", Map.of());
    }

    @Test
    void evaluatesMacrosOverJsonEntities() {
        var vars = vars("{\"metadata\":{\"name\":\"a\",\"tags\":[\"java\",\"x\"]},\"spec\":{\"replicas\":3},"
                + "\"relations\":[{\"type\":\"partOf\",\"targetRef\":\"system:default/s\"}]}");
        assertTrue(engine.evaluate(engine.compile("has(entity.metadata.name) && entity.spec.replicas >= 2"), vars));
        assertTrue(engine.evaluate(engine.compile("entity.relations.exists(r, r.type == 'partOf')"), vars));
        assertFalse(engine.evaluate(engine.compile("entity.metadata.tags.all(t, t.startsWith('j'))"), vars));
        assertFalse(engine.evaluate(engine.compile("has(entity.spec.owner)"), vars));
    }

    @Test
    void reportsTheLineAndColumnOfACompileError() {
        CheckExpressionException e = assertThrows(CheckExpressionException.class,
                () -> engine.compile("has(entity.spec.owner) &&\n  entity.spec.owner ==="));
        assertEquals(2, e.line());
        assertTrue(e.column() > 1, e.describe());
        CheckExpressionException undeclared = assertThrows(CheckExpressionException.class,
                () -> engine.compile("entty.spec.owner == 'x'"));
        assertTrue(undeclared.getMessage().contains("entty"), undeclared.getMessage());
        assertEquals(1, undeclared.column());
        assertThrows(CheckExpressionException.class, () -> engine.compile("'not a bool'"));
    }

    @Test
    void aMissingFieldIsAnEvaluationError() {
        CheckEvaluationException e = assertThrows(CheckEvaluationException.class,
                () -> engine.evaluate(engine.compile("entity.spec.owner == 'x'"), vars("{\"spec\":{}}")));
        assertTrue(e.getMessage().contains("owner"), e.getMessage());
    }

    @Test
    void stopsAPathologicalExpressionAtTheCostLimit() {
        String ten = "[0,1,2,3,4,5,6,7,8,9]";
        String expr = ten + ".all(a, " + ten + ".all(b, " + ten + ".all(c, " + ten + ".all(d, " + ten
                + ".all(e, " + ten + ".all(f, a + b + c + d + e + f >= 0))))))";
        CompiledExpression compiled = engine.compile(expr);
        CheckEvaluationException e = assertThrows(CheckEvaluationException.class, () -> engine.evaluate(compiled, vars("{}")));
        assertTrue(e.getMessage().contains("cost limit"), e.getMessage());
    }

    @Test
    void checksApiDefinitions() {
        assertTrue(CelEngine.validDefinition("openapi: 3.0.0\ninfo: {title: x}\n", "openapi"));
        assertFalse(CelEngine.validDefinition("openapi: [unclosed", "openapi"));
        assertFalse(CelEngine.validDefinition("just text", "openapi"));
        assertTrue(engine.evaluate(engine.compile("validDefinition(entity.spec.definition, entity.spec.type)"),
                vars("{\"spec\":{\"type\":\"openapi\",\"definition\":\"openapi: 3.0.0\"}}")));
    }
}
