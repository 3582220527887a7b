package dev.portal.gateway.api;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.portal.gateway.catalog.EntityLoader;
import dev.portal.gateway.catalog.EntityView;
import dev.portal.gateway.schema.BaseEntity;
import dev.portal.gateway.schema.Entity;

/** Resolves relation fields for a whole batch of source entities with one load (cache, then one catalog call). */
@ApplicationScoped
public class Relations {

    private final EntityLoader loader;

    public Relations(EntityLoader loader) {
        this.loader = loader;
    }

    /** The first target of relation {@code type} (to {@code kind}, if given) of each source. */
    public List<Entity> one(List<? extends BaseEntity> sources, String type, String kind) {
        List<List<Entity>> all = many(sources, type, kind);
        List<Entity> first = new ArrayList<>(all.size());
        all.forEach(list -> first.add(list.isEmpty() ? null : list.get(0)));
        return first;
    }

    /** All targets of relation {@code type} (to {@code kind}, if given) of each source, in the relation's order. */
    public List<List<Entity>> many(List<? extends BaseEntity> sources, String type, String kind) {
        List<List<String>> refs = new ArrayList<>(sources.size());
        List<String> all = new ArrayList<>();
        for (BaseEntity source : sources) {
            List<String> targets = source.relationTargets(type, kind);
            refs.add(targets);
            all.addAll(targets);
        }
        return resolve(refs, all);
    }

    /** Entities for lists of refs, in one load. */
    public List<List<Entity>> resolve(List<List<String>> refs, List<String> all) {
        Map<String, EntityView> found = loader.views(all);
        List<List<Entity>> result = new ArrayList<>(refs.size());
        for (List<String> list : refs) {
            List<Entity> entities = new ArrayList<>(list.size());
            for (String ref : list) {
                Entity entity = BaseEntity.wrap(found.get(ref));
                if (entity != null) {
                    entities.add(entity);
                }
            }
            result.add(entities);
        }
        return result;
    }
}
