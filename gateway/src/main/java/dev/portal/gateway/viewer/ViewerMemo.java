package dev.portal.gateway.viewer;

import jakarta.enterprise.context.RequestScoped;

import java.util.List;
import java.util.Map;

import dev.portal.gateway.scorecard.EntityScorecard;

/** The viewer's User entity, ownership and scorecards, computed once per request. */
@RequestScoped
public class ViewerMemo {
    private String userRef;
    private Ownership ownership;
    private Map<String, List<EntityScorecard>> scorecards;

    public String userRef() {
        return userRef;
    }

    public Ownership ownership() {
        return ownership;
    }

    public void userRef(String userRef) {
        this.userRef = userRef;
    }

    public void ownership(Ownership ownership) {
        this.ownership = ownership;
    }

    public Map<String, List<EntityScorecard>> scorecards() {
        return scorecards;
    }

    public void scorecards(Map<String, List<EntityScorecard>> scorecards) {
        this.scorecards = scorecards;
    }
}
