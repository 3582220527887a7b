package dev.portal.gateway.support;

import static io.restassured.RestAssured.given;

/** Reads the gateway's downstream call counter from /q/metrics. */
public final class Metrics {

    private Metrics() {
    }

    /** Sum of portal_gateway_downstream_calls_total over outcomes, for one service (or all when null). */
    public static long downstreamCalls(String service) {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("portal_gateway_downstream_calls_total{")
                    && (service == null || line.contains("service=\"" + service + "\""))) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }
}
