package dev.portal.gateway.viewer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.identity.CurrentCaller;
import dev.portal.events.identity.OwnershipSet;
import dev.portal.gateway.catalog.EntityLoader;
import dev.portal.gateway.schema.BaseEntity;
import dev.portal.gateway.schema.Entity;
import dev.portal.gateway.scorecard.EntityScorecard;
import dev.portal.gateway.scorecard.ScorecardClient;

/** The signed-in person and everything they own. */
@GraphQLApi
@io.smallrye.common.annotation.Blocking
public class ViewerApi {

    private final CurrentCaller caller;
    private final EntityLoader loader;
    private final ScorecardClient scorecards;
    private final ViewerMemo memo;
    private final CatalogUserDirectory users;

    public ViewerApi(CurrentCaller caller, EntityLoader loader, ScorecardClient scorecards, ViewerMemo memo,
                     CatalogUserDirectory users) {
        this.memo = memo;
        this.users = users;
        this.caller = caller;
        this.loader = loader;
        this.scorecards = scorecards;
    }

    @Query("viewer")
    @Description("The signed-in person, as the portal identifies them from their token.")
    public Viewer viewer() {
        var identity = caller.identity();
        return new Viewer(identity.username(), identity.groups(), identity.roles());
    }

    @Name("userRef")
    @Description("The User entity this person is, e.g. user:default/alice: the one named after their username, else the"
            + " one User whose profile email is their token's email")
    public String userRef(@Source Viewer viewer) {
        return userRef();
    }

    @Name("user")
    @Description("The viewer's User entity (null if the catalog has none)")
    public Entity user(@Source Viewer viewer) {
        return BaseEntity.wrap(ownership(viewer).user());
    }

    @Name("memberOf")
    @Description("Every group the viewer belongs to, transitively through parent groups")
    public List<Entity> memberOf(@Source Viewer viewer) {
        return ownership(viewer).groups().stream().map(BaseEntity::wrap).toList();
    }

    @Name("ownershipRefs")
    @Description("The refs whose owned entities count as the viewer's: their user and all their groups")
    public List<String> ownershipRefs(@Source Viewer viewer) {
        return List.copyOf(ownership(viewer).ownerRefs());
    }

    @Name("owned")
    @Description("Everything the viewer owns, directly or through their groups; optionally of one kind")
    public List<Entity> owned(@Source Viewer viewer, @Name("kind") String kind) {
        return ownership(viewer).owned().stream().map(BaseEntity::wrap)
                .filter(e -> kind == null || e.getKind().equalsIgnoreCase(kind)).toList();
    }

    @Name("ownedByKind")
    @Description("What the viewer owns, grouped by kind")
    public List<ViewerTypes.OwnedKind> ownedByKind(@Source Viewer viewer) {
        Map<String, List<Entity>> byKind = new LinkedHashMap<>();
        ownership(viewer).owned().stream().map(BaseEntity::wrap)
                .forEach(e -> byKind.computeIfAbsent(e.getKind(), k -> new ArrayList<>()).add(e));
        List<ViewerTypes.OwnedKind> result = new ArrayList<>();
        byKind.forEach((kind, list) -> result.add(new ViewerTypes.OwnedKind(kind, list.size(), list)));
        result.sort((a, b) -> a.kind().compareTo(b.kind()));
        return result;
    }

    @Name("scorecardSummary")
    @Description("Each scorecard over everything the viewer owns: entities per level")
    public List<ViewerTypes.ScorecardSummary> scorecardSummary(@Source Viewer viewer) {
        Map<String, List<EntityScorecard>> byId = new LinkedHashMap<>();
        ownedScorecards(viewer).values().forEach(list -> list.forEach(c -> byId.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(c)));
        List<ViewerTypes.ScorecardSummary> result = new ArrayList<>();
        byId.forEach((id, cards) -> {
            Map<String, Integer> levels = new LinkedHashMap<>();
            cards.get(0).levels().forEach(l -> levels.put(l, 0));
            int failing = 0;
            for (EntityScorecard card : cards) {
                levels.merge(card.level(), 1, Integer::sum);
                failing += (int) card.checks().stream().filter(c -> "fail".equals(c.status())).count();
            }
            List<ViewerTypes.LevelCount> counts = new ArrayList<>();
            levels.forEach((level, n) -> counts.add(new ViewerTypes.LevelCount(level, n)));
            result.add(new ViewerTypes.ScorecardSummary(id, cards.get(0).title(), cards.size(), counts, failing));
        });
        return result;
    }

    @Name("failingChecks")
    @Description("Failing checks on what the viewer owns, needing their attention, with remediation")
    public List<ViewerTypes.FailingCheck> failingChecks(@Source Viewer viewer) {
        Map<String, JsonNode> owned = new LinkedHashMap<>();
        ownership(viewer).owned().forEach(e -> owned.put(BaseEntity.wrap(e).getRef(), e));
        List<ViewerTypes.FailingCheck> result = new ArrayList<>();
        ownedScorecards(viewer).forEach((ref, cards) -> {
            for (EntityScorecard card : cards) {
                for (EntityScorecard.Check check : card.checks()) {
                    if ("fail".equals(check.status())) {
                        result.add(new ViewerTypes.FailingCheck(BaseEntity.wrap(owned.get(ref)), ref, card.id(), card.title(),
                                check.id(), check.title(), check.level(), check.message(), check.remediation()));
                    }
                }
            }
        });
        return result;
    }

    /**
     * design.md's User entity of the caller (by name, else by email), decided here rather than in
     * {@code caller.identity()} so that only the viewer pays for the catalog lookups; once per request.
     */
    private String userRef() {
        ViewerMemo memo = memo();
        if (memo.userRef() == null) {
            memo.userRef(OwnershipSet.userRef(caller.identity(), users));
        }
        return memo.userRef();
    }

    /** Computed once per request, however many viewer fields ask. */
    private Ownership ownership(Viewer viewer) {
        ViewerMemo memo = memo();
        if (memo.ownership() == null) {
            memo.ownership(Ownership.of(userRef(), loader));
        }
        return memo.ownership();
    }

    private Map<String, List<EntityScorecard>> ownedScorecards(Viewer viewer) {
        Ownership ownership = ownership(viewer);
        ViewerMemo memo = memo();
        if (memo.scorecards() == null) {
            List<String> refs = ownership.owned().stream().map(e -> BaseEntity.wrap(e).getRef()).toList();
            Map<String, List<EntityScorecard>> found = refs.isEmpty() ? Map.of() : scorecards.scorecards(refs);
            Map<String, List<EntityScorecard>> ordered = new LinkedHashMap<>();
            refs.forEach(r -> ordered.put(r, found.getOrDefault(r, List.of())));
            memo.scorecards(ordered);
        }
        return memo.scorecards();
    }

    private ViewerMemo memo() {
        return memo;
    }
}
