package dev.portal.scorecard.definition;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.Json;
import dev.portal.scorecard.ScorecardConfig;
import dev.portal.scorecard.cel.CelEngine;
import dev.portal.scorecard.store.Db;

/**
 * The current definitions: the starter scorecard (classpath {@code scorecards/}), then the YAML files of
 * {@code portal.scorecards.definitions-dir} (sorted by file name; a later file's id replaces an earlier one's), then
 * the changes made through the admin API (table {@code definition}), which win over files. Every change is validated
 * as a whole set before it is stored, so the service never runs with a scorecard naming a missing check.
 */
@ApplicationScoped
public class DefinitionRegistry {

    private static final Logger LOG = Logger.getLogger(DefinitionRegistry.class);
    static final List<String> STARTER = List.of("scorecards/production-readiness.yaml");

    private final CelEngine engine;
    private final ScorecardConfig config;
    private final Db db;
    private volatile DefinitionSet current;

    public DefinitionRegistry(CelEngine engine, ScorecardConfig config, Db db) {
        this.engine = engine;
        this.config = config;
        this.db = db;
    }

    public DefinitionSet current() {
        DefinitionSet set = current;
        if (set == null) {
            synchronized (this) {
                if (current == null) {
                    current = load();
                }
                set = current;
            }
        }
        return set;
    }

    /** Reloads files and stored changes (at start, or when an operator asks). */
    public synchronized DefinitionSet reload() {
        current = load();
        return current;
    }

    private DefinitionSet load() {
        Map<String, CheckDefinition> checks = new LinkedHashMap<>();
        Map<String, ScorecardDefinition> scorecards = new LinkedHashMap<>();
        if (config.starterDefinitions()) {
            for (String resource : STARTER) {
                add(DefinitionParser.parseYaml(classpath(resource), "classpath:" + resource), checks, scorecards);
            }
        }
        config.definitionsDir().filter(dir -> !dir.isBlank()).map(Path::of).ifPresent(dir -> {
            if (!Files.isDirectory(dir)) {
                LOG.warnf("portal.scorecards.definitions-dir %s is not a directory; no operator definitions loaded", dir);
                return;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                        .sorted().toList()) {
                    add(DefinitionParser.parseYaml(Files.readString(file), file.toString()), checks, scorecards);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        db.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT kind, id, body::text, deleted FROM definition ORDER BY updated_at, kind, id");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String kind = rows.getString(1);
                    String id = rows.getString(2);
                    boolean deleted = rows.getBoolean(4);
                    if (kind.equals("Check")) {
                        checks.remove(id);
                        if (!deleted) {
                            checks.put(id, DefinitionParser.check(tree(rows.getString(3)), id, "stored check " + id));
                        }
                    } else {
                        scorecards.remove(id);
                        if (!deleted) {
                            scorecards.put(id, DefinitionParser.scorecard(tree(rows.getString(3)), id, "stored scorecard " + id));
                        }
                    }
                }
            }
            return null;
        });
        DefinitionSet set = DefinitionSet.of(checks.values(), scorecards.values(), engine, current);
        LOG.infof("Scorecard definitions loaded: %d checks, %d scorecards (version %s)", set.checks().size(),
                set.scorecards().size(), set.version());
        return set;
    }

    private static void add(List<Object> definitions, Map<String, CheckDefinition> checks,
                            Map<String, ScorecardDefinition> scorecards) {
        for (Object definition : definitions) {
            if (definition instanceof CheckDefinition check) {
                checks.put(check.id(), check);
            } else if (definition instanceof ScorecardDefinition scorecard) {
                scorecards.put(scorecard.id(), scorecard);
            }
        }
    }

    /** Validates the set with the check replaced (or added), stores it and makes it current. */
    public synchronized DefinitionSet putCheck(CheckDefinition check, String actor) {
        DefinitionSet now = current();
        Map<String, CheckDefinition> checks = new LinkedHashMap<>(now.checks());
        checks.put(check.id(), check);
        DefinitionSet next = DefinitionSet.of(checks.values(), now.scorecards().values(), engine, now);
        store("Check", check.id(), check, actor);
        current = next;
        return next;
    }

    public synchronized DefinitionSet putScorecard(ScorecardDefinition scorecard, String actor) {
        DefinitionSet now = current();
        Map<String, ScorecardDefinition> scorecards = new LinkedHashMap<>(now.scorecards());
        scorecards.put(scorecard.id(), scorecard);
        DefinitionSet next = DefinitionSet.of(now.checks().values(), scorecards.values(), engine, now);
        store("Scorecard", scorecard.id(), scorecard, actor);
        current = next;
        return next;
    }

    /** @return false when there is no such check; refuses (DefinitionException) while a scorecard uses it */
    public synchronized boolean deleteCheck(String id, String actor) {
        DefinitionSet now = current();
        if (!now.checks().containsKey(id)) {
            return false;
        }
        if (!now.scorecardsUsing(id).isEmpty()) {
            throw new DefinitionException("check \"" + id + "\" is used by scorecard(s) " + now.scorecardsUsing(id)
                    + "; remove it from their levels first");
        }
        Map<String, CheckDefinition> checks = new LinkedHashMap<>(now.checks());
        checks.remove(id);
        DefinitionSet next = DefinitionSet.of(checks.values(), now.scorecards().values(), engine, now);
        store("Check", id, null, actor);
        current = next;
        return true;
    }

    public synchronized boolean deleteScorecard(String id, String actor) {
        DefinitionSet now = current();
        if (!now.scorecards().containsKey(id)) {
            return false;
        }
        Map<String, ScorecardDefinition> scorecards = new LinkedHashMap<>(now.scorecards());
        scorecards.remove(id);
        DefinitionSet next = DefinitionSet.of(now.checks().values(), scorecards.values(), engine, now);
        store("Scorecard", id, null, actor);
        current = next;
        return true;
    }

    private void store(String kind, String id, Object definition, String actor) {
        db.transaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO definition (kind, id, body, deleted, updated_by, updated_at) VALUES (?, ?, ?::jsonb, ?, ?, now())
                    ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body, deleted = excluded.deleted,
                        updated_by = excluded.updated_by, updated_at = now()""")) {
                upsert.setString(1, kind);
                upsert.setString(2, id);
                upsert.setString(3, definition == null ? null : new String(Json.toBytes(definition), StandardCharsets.UTF_8));
                upsert.setBoolean(4, definition == null);
                upsert.setString(5, actor);
                upsert.executeUpdate();
            }
            return null;
        });
    }

    private static JsonNode tree(String json) {
        return Json.tree(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String classpath(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a YAML text of definitions (for tests and tools). */
    public static List<Object> parse(String yaml) {
        return new ArrayList<>(DefinitionParser.parseYaml(yaml, "input"));
    }
}
