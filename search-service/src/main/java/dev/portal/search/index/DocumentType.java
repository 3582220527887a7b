package dev.portal.search.index;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of search documents, each with its own read alias over a versioned physical index. {@link #id()} is
 * Backstage's document type ({@code types[]} in a query, {@code type} of a result).
 */
public enum DocumentType {
    SOFTWARE_CATALOG("software-catalog", "opensearch/software-catalog.json"),
    TECHDOCS("techdocs", "opensearch/techdocs.json");

    private final String id;
    private final String indexDefinition;

    DocumentType(String id, String indexDefinition) {
        this.id = id;
        this.indexDefinition = indexDefinition;
    }

    /** Backstage's name of the type, e.g. {@code software-catalog}. */
    public String id() {
        return id;
    }

    /** Classpath resource with the settings (analysers) and mappings of this type's indices. */
    String indexDefinition() {
        return indexDefinition;
    }

    /** The type Backstage calls {@code id}; empty for a type this service does not index. */
    public static Optional<DocumentType> of(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }
}
