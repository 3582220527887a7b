package dev.portal.gateway.viewer;

import jakarta.enterprise.context.RequestScoped;

import java.util.List;
import java.util.Map;

import dev.portal.gateway.scorecard.EntityScorecard;

/** The viewer's ownership and scorecards, computed once per request. */
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

    public void ownership(String userRef, Ownership ownership) {
        this.userRef = userRef;
        this.ownership = ownership;
        this.scorecards = null;
    }

    public Map<String, List<EntityScorecard>> scorecards() {
        return scorecards;
    }

    public void scorecards(Map<String, List<EntityScorecard>> scorecards) {
        this.scorecards = scorecards;
    }
}
