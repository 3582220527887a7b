package dev.portal.catalog.entity;

import java.util.ArrayList;
import java.util.List;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.catalog.CatalogInputException;
import dev.portal.events.Json;

/**
 * Reads entity documents from YAML (multi-document, as catalog-info.yaml files are) safely: alias bombs, duplicate
 * keys and oversize input are rejected with a clear message, and nothing but plain data is constructed.
 */
public final class EntityDocuments {

    private static final int MAX_ALIASES = 50;
    private static final int MAX_CODE_POINTS = 10 * 1024 * 1024;

    private EntityDocuments() {
    }

    public static List<JsonNode> parseYaml(String yaml, String label) {
        LoadSettings settings = LoadSettings.builder().setLabel(label).setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowDuplicateKeys(false).setCodePointLimit(MAX_CODE_POINTS).build();
        List<JsonNode> documents = new ArrayList<>();
        try {
            // Lazy: an alias bomb or a syntax error surfaces while iterating, inside this try.
            for (Object document : new Load(settings).loadAllFromString(yaml)) {
                if (document == null) {
                    continue; // an empty document between separators
                }
                documents.add(Json.mapper().valueToTree(document));
            }
        } catch (YamlEngineException e) {
            throw new CatalogInputException("Invalid YAML in " + label + ": " + e.getMessage());
        } catch (StackOverflowError e) {
            // The engine composes nested collections recursively and has no depth limit; the stack is the limit.
            throw new CatalogInputException("Invalid YAML in " + label + ": collections nested too deeply");
        }
        return documents;
    }
}
