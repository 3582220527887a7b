package dev.portal.techdocs.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * What the builder needs from {@code mkdocs.yml}: {@code site_name}, {@code site_description}, {@code docs_dir} and
 * {@code nav}. Everything else (theme, plugins, markdown_extensions, extra…) is ignored — including Python-specific
 * tags such as {@code !!python/name:…}, because the file is read as a YAML node tree, never constructed into objects.
 *
 * @param nav the {@code nav} entries as written (file paths relative to docs_dir), or null when there is no nav
 */
public record MkDocsConfig(String siteName, String siteDescription, String docsDir, List<Entry> nav) {

    /** A {@code nav} entry as written: a page file (or external URL) with an optional title, or a titled section. */
    public record Entry(String title, String file, List<Entry> children) {
    }

    private static final LoadSettings SETTINGS = LoadSettings.builder()
            .setMaxAliasesForCollections(50)
            .setAllowDuplicateKeys(false)
            .setCodePointLimit(1_000_000)
            .setLabel("mkdocs.yml")
            .build();

    public static MkDocsConfig parse(String yaml) {
        Node root;
        try {
            Optional<Node> composed = new Compose(SETTINGS).composeString(yaml);
            root = composed.orElse(null);
        } catch (YamlEngineException e) {
            throw new BuildException("mkdocs.yml is not valid YAML: " + firstLine(e.getMessage()));
        }
        if (!(root instanceof MappingNode mapping)) {
            throw new BuildException("mkdocs.yml must be a mapping with at least site_name");
        }
        String siteName = null;
        String description = null;
        String docsDir = "docs";
        List<Entry> nav = null;
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(tuple.getKeyNode());
            if (key == null) {
                continue;
            }
            Node value = tuple.getValueNode();
            switch (key) {
                case "site_name" -> siteName = scalar(value);
                case "site_description" -> description = scalar(value);
                case "docs_dir" -> docsDir = scalar(value);
                case "nav" -> nav = value instanceof SequenceNode sequence ? entries(sequence, "nav") : null;
                default -> {
                    // theme, plugins, markdown_extensions, extra, repo_url…: not needed to build
                }
            }
        }
        if (siteName == null || siteName.isBlank()) {
            throw new BuildException("mkdocs.yml has no site_name");
        }
        if (docsDir == null || docsDir.isBlank()) {
            docsDir = "docs";
        }
        return new MkDocsConfig(siteName.trim(), description == null || description.isBlank() ? null : description.trim(),
                docsDir, nav);
    }

    private static List<Entry> entries(SequenceNode sequence, String where) {
        List<Entry> entries = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            if (item instanceof ScalarNode scalar) {
                entries.add(new Entry(null, scalar.getValue(), List.of()));
            } else if (item instanceof MappingNode mapping && mapping.getValue().size() == 1) {
                NodeTuple tuple = mapping.getValue().get(0);
                String title = scalar(tuple.getKeyNode());
                Node value = tuple.getValueNode();
                if (value instanceof ScalarNode scalar) {
                    entries.add(new Entry(title, scalar.getValue(), List.of()));
                } else if (value instanceof SequenceNode children) {
                    entries.add(new Entry(title, null, entries(children, where + " > " + title)));
                } else {
                    throw new BuildException("mkdocs.yml: the nav entry '" + title + "' in " + where
                            + " must be a file or a list of entries");
                }
            } else {
                throw new BuildException("mkdocs.yml: every entry of " + where
                        + " must be a file, 'Title: file' or 'Section: [entries]'");
            }
        }
        return entries;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline) + " " + message.substring(newline + 1).replace('\n', ' ').trim();
    }
}
