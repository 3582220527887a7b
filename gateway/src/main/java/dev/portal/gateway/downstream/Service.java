package dev.portal.gateway.downstream;

/** The services behind the gateway. */
public enum Service {
    CATALOG("catalog"), SEARCH("search"), TECHDOCS("techdocs"), SCORECARD("scorecard");

    private final String id;

    Service(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
