package dev.portal.catalog.entity;

import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.catalog.CatalogInputException;
import dev.portal.events.Json;

/**
 * Reads entity documents from YAML (multi-document, as catalog-info.yaml files are) safely: alias bombs, duplicate
 * keys and oversize documents are rejected with a clear message, and nothing but plain data is constructed.
 */
public final class EntityDocuments {

    private static final int MAX_ALIASES = 50;
    /** Per document (the engine counts each document of a stream on its own). */
    private static final int MAX_CODE_POINTS = 10 * 1024 * 1024;

    private EntityDocuments() {
    }

    public static List<JsonNode> parseYaml(String yaml, String label) {
        List<JsonNode> documents = new ArrayList<>();
        forEachYaml(new StringReader(yaml), label, documents::add);
        return documents;
    }

    /**
     * Hands each document of a YAML stream to {@code each} as soon as it is read, so a large file is never held as
     * one tree. Throws {@link CatalogInputException} at the first invalid document, after those before it.
     */
    public static void forEachYaml(Reader yaml, String label, Consumer<JsonNode> each) {
        load(yaml, label, document -> each.accept(Json.mapper().valueToTree(document)));
    }

    /** Reads a whole YAML stream and keeps nothing: whether {@link #forEachYaml} would get through it. */
    public static void checkYaml(Reader yaml, String label) {
        load(yaml, label, document -> {
        });
    }

    private static void load(Reader yaml, String label, Consumer<Object> each) {
        LoadSettings settings = LoadSettings.builder().setLabel(label).setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowDuplicateKeys(false).setCodePointLimit(MAX_CODE_POINTS).build();
        try {
            // Lazy: an alias bomb or a syntax error surfaces while iterating, inside this try.
            for (Object document : new Load(settings).loadAllFromReader(yaml)) {
                if (document != null) { // null: an empty document between separators
                    each.accept(document);
                }
            }
        } catch (YamlEngineException e) {
            throw new CatalogInputException("Invalid YAML in " + label + ": " + e.getMessage());
        } catch (StackOverflowError e) {
            // The engine composes nested collections recursively and has no depth limit; the stack is the limit.
            throw new CatalogInputException("Invalid YAML in " + label + ": collections nested too deeply");
        }
    }
}
