package dev.portal.scorecard.definition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.portal.scorecard.cel.CelEngine;

/** YAML definitions: the starter scorecard loads and compiles; mistakes are reported with where they are. */
class DefinitionParserTest {

    private final CelEngine engine = new CelEngine(100_000, 10_000);

    @Test
    void theStarterScorecardParsesAndCompiles() throws Exception {
        String yaml;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("scorecards/production-readiness.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Object> definitions = DefinitionParser.parseYaml(yaml, "starter");
        List<CheckDefinition> checks = definitions.stream().filter(CheckDefinition.class::isInstance)
                .map(CheckDefinition.class::cast).toList();
        List<ScorecardDefinition> scorecards = definitions.stream().filter(ScorecardDefinition.class::isInstance)
                .map(ScorecardDefinition.class::cast).toList();
        DefinitionSet set = DefinitionSet.of(checks, scorecards, engine, null);
        assertEquals(9, set.checks().size());
        ScorecardDefinition readiness = set.scorecards().get("production-readiness");
        assertEquals(List.of("Bronze", "Silver", "Gold"), readiness.levelNames());
        assertEquals(9, readiness.checkIds().size());
    }

    @Test
    void reportsWhichDocumentAndFieldIsWrong() {
        DefinitionException noKind = assertThrows(DefinitionException.class,
                () -> DefinitionParser.parseYaml("kind: Check\nid: a\ntitle: A\nexpression: 'true'\n---\nid: b\n", "f.yaml"));
        assertTrue(noKind.getMessage().contains("f.yaml, document 2"), noKind.getMessage());
        DefinitionException badId = assertThrows(DefinitionException.class,
                () -> DefinitionParser.parseYaml("kind: Check\nid: Not Valid\ntitle: A\nexpression: 'true'\n", "f.yaml"));
        assertTrue(badId.getMessage().contains("id must be"), badId.getMessage());
        DefinitionException noLevels = assertThrows(DefinitionException.class,
                () -> DefinitionParser.parseYaml("kind: Scorecard\nid: s\ntitle: S\n", "f.yaml"));
        assertTrue(noLevels.getMessage().contains("levels"), noLevels.getMessage());
        DefinitionException badFilter = assertThrows(DefinitionException.class,
                () -> DefinitionParser.parseYaml("kind: Check\nid: a\ntitle: A\nexpression: 'true'\nfilter: {owners: [x]}\n", "f.yaml"));
        assertTrue(badFilter.getMessage().contains("filter.owners"), badFilter.getMessage());
        assertThrows(DefinitionException.class, () -> DefinitionParser.parseYaml("a: [", "f.yaml"));
    }

    @Test
    void aScorecardNamingAnUnknownCheckOrABadExpressionIsRefused() {
        CheckDefinition ok = new CheckDefinition("ok", "Ok", null, null, null, "true");
        ScorecardDefinition unknown = new ScorecardDefinition("s", "S", null, null,
                List.of(new ScorecardDefinition.Level("L", List.of("ok", "missing"))));
        DefinitionException e = assertThrows(DefinitionException.class,
                () -> DefinitionSet.of(List.of(ok), List.of(unknown), engine, null));
        assertTrue(e.getMessage().contains("unknown check \"missing\""), e.getMessage());
        CheckDefinition bad = new CheckDefinition("bad", "Bad", null, null, null, "entity.spec.x ==");
        DefinitionException position = assertThrows(DefinitionException.class,
                () -> DefinitionSet.of(List.of(bad), List.of(), engine, null));
        assertTrue(position.getMessage().contains("line 1, column"), position.getMessage());
    }
}
