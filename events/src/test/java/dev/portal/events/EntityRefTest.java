package dev.portal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntityRefTest {

    @Test
    void parsesKindNamespaceAndName() {
        EntityRef ref = EntityRef.parse("component:payments/checkout");
        assertEquals("component", ref.kind());
        assertEquals("payments", ref.namespace());
        assertEquals("checkout", ref.name());
    }

    @Test
    void namespaceDefaultsToDefault() {
        assertEquals(EntityRef.of("component", "default", "checkout"), EntityRef.parse("component:checkout"));
        assertEquals("default", EntityRef.parse("component:checkout").namespace());
    }

    @Test
    void trimsSurroundingWhitespace() {
        assertEquals(EntityRef.of("component", "default", "checkout"), EntityRef.parse("  component:checkout\n"));
    }

    @Test
    void defaultKindFillsAMissingKind() {
        EntityRef ref = EntityRef.parse("team-a", "Group", null);
        assertEquals("Group", ref.kind());
        assertEquals("default", ref.namespace());
        assertEquals("team-a", ref.name());
    }

    @Test
    void defaultNamespaceFillsAMissingNamespace() {
        assertEquals(EntityRef.of("user", "people", "jdoe"), EntityRef.parse("user:jdoe", null, "people"));
    }

    @Test
    void explicitPartsWinOverDefaults() {
        EntityRef ref = EntityRef.parse("group:ops/sre", "user", "people");
        assertEquals("group", ref.kind());
        assertEquals("ops", ref.namespace());
    }

    @Test
    void anEmptyDefaultNamespaceFallsBackToDefaultLikeBackstage() {
        assertEquals("default", EntityRef.parse("user:jdoe", null, "").namespace());
    }

    @Test
    void namespaceWithoutKindUsesTheDefaultKind() {
        assertEquals(EntityRef.of("system", "ops", "billing"), EntityRef.parse("ops/billing", "system", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "component:", ":name", "component:/name", "a:b:c", "a/b/c", "component:ns/", "/name", "a:b/c/d",
            "component: ", "   ", "a/b:c", "a::b", "a:b:c/d", "a/:b",
    })
    void rejectsRefsNotOnTheForm(String ref) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EntityRef.parse(ref));
        assertEquals("Entity reference \"" + ref + "\" was not on the form [<kind>:][<namespace>/]<name>",
                e.getMessage());
    }

    @Test
    void rejectsAMissingKindWhenNoDefaultKindIsGiven() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EntityRef.parse("ns/name"));
        assertEquals("Entity reference \"ns/name\" had missing or empty kind "
                + "(e.g. did not start with \"component:\" or similar)", e.getMessage());
    }

    @Test
    void rejectsAMissingKindWhenTheDefaultKindIsNullOrEmpty() {
        IllegalArgumentException nullDefault = assertThrows(IllegalArgumentException.class,
                () -> EntityRef.parse("checkout", null, "default"));
        assertEquals("Entity reference \"checkout\" had missing or empty kind "
                + "(e.g. did not start with \"component:\" or similar)", nullDefault.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EntityRef.parse("checkout", "", "default"));
    }

    @Test
    void errorMessagesQuoteTheRefAsGiven() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EntityRef.parse(" a:b:c "));
        assertEquals("Entity reference \" a:b:c \" was not on the form [<kind>:][<namespace>/]<name>",
                e.getMessage());
    }

    @Test
    void rejectsNullAndEmptyRefs() {
        assertEquals("Entity reference must not be empty",
                assertThrows(IllegalArgumentException.class, () -> EntityRef.parse(null)).getMessage());
        assertEquals("Entity reference must not be empty",
                assertThrows(IllegalArgumentException.class, () -> EntityRef.parse("")).getMessage());
    }

    @Test
    void ofRejectsEmptyParts() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EntityRef.of("", "default", "a"))
                .getMessage().endsWith("had missing or empty kind"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EntityRef.of("component", "", "a"))
                .getMessage().endsWith("had missing or empty namespace"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EntityRef.of("component", "default", ""))
                .getMessage().endsWith("had missing or empty name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EntityRef.of("component", "default", null))
                .getMessage().endsWith("had missing or empty name"));
    }

    @Test
    void ofDefaultsANullNamespace() {
        assertEquals("default", EntityRef.of("component", null, "a").namespace());
    }

    @Test
    void ofRejectsPartsThatWouldMakeTheCanonicalFormAmbiguous() {
        assertThrows(IllegalArgumentException.class, () -> EntityRef.of("component", "a/b", "c"));
        assertThrows(IllegalArgumentException.class, () -> EntityRef.of("component", "default", "x:y"));
    }

    @Test
    void canonicalFormIsLowerCasedAndComponentsKeepTheirSpelling() {
        EntityRef ref = EntityRef.parse("Component:Payments/CheckOut");
        assertEquals("component:payments/checkout", ref.canonical());
        assertEquals("component:payments/checkout", ref.toString());
        assertEquals("Component", ref.kind());
        assertEquals("Payments", ref.namespace());
        assertEquals("CheckOut", ref.name());
    }

    @Test
    void canonicalFormIgnoresTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertEquals("api:default/internal", EntityRef.parse("API:INTERNAL").canonical());
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void canonicalFormParsesBackToAnEqualRef() {
        EntityRef ref = EntityRef.of("Group", "Ops", "SRE-Team");
        assertEquals(ref, EntityRef.parse(ref.canonical()));
    }

    @Test
    void equalityAndHashCodeIgnoreCase() {
        EntityRef a = EntityRef.parse("Component:Default/CheckOut");
        EntityRef b = EntityRef.parse("component:checkout");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, EntityRef.parse("component:checkout-v2"));
        assertNotEquals(a, EntityRef.parse("api:checkout"));
        assertNotEquals(a, EntityRef.parse("component:other/checkout"));
    }

    @Test
    void ordersByCanonicalStringKindThenNamespaceThenName() {
        List<EntityRef> refs = new ArrayList<>(List.of(
                EntityRef.parse("user:default/b"),
                EntityRef.parse("Component:ops/a"),
                EntityRef.parse("component:default/B"),
                EntityRef.parse("api:zeta/z"),
                EntityRef.parse("component:default/a")));
        Collections.sort(refs);
        assertEquals(List.of("api:zeta/z", "component:default/a", "component:default/b", "component:ops/a",
                "user:default/b"), refs.stream().map(EntityRef::toString).toList());
        assertEquals(0, EntityRef.parse("COMPONENT:A").compareTo(EntityRef.parse("component:a")));
    }

    @Test
    void serialisesToJsonAsItsCanonicalStringAndBack() throws Exception {
        EntityRef ref = EntityRef.parse("Component:CheckOut");
        String json = Json.mapper().writeValueAsString(ref);
        assertEquals("\"component:default/checkout\"", json);
        assertEquals(ref, Json.mapper().readValue(json, EntityRef.class));
    }
}
