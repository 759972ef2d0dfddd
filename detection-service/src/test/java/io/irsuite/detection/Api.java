package io.irsuite.detection;

import io.restassured.response.ValidatableResponse;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Small HTTP helpers shared by the slices; each test uses its own service names to stay independent. */
public final class Api {

    public static final String ADMIN = "test-admin-token";
    public static final String INGEST = "ingest-token";
    public static final String VIEWER = "viewer-token";
    public static final String RESPONDER = "responder-token";
    /** A person's own token (named {@code alice}), where the others are shared. */
    public static final String ALICE = "alice-token";

    private Api() {
    }

    public static String uniqueService(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An alert started a few minutes ago (not in the future: that would be clamped to now). */
    public static String alert(String service, String name, String severity, String status) {
        return """
                {"source":"prometheus","service":"%s","name":"%s","severity":"%s","status":"%s",
                 "startsAt":"%s","labels":{"region":"eu-west-1"}}"""
                .formatted(service, name, severity, status, minutesAgo(5));
    }

    public static String minutesAgo(int minutes) {
        return Instant.now().minus(minutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public static ValidatableResponse postAlerts(String json) {
        return given().auth().oauth2(INGEST).contentType("application/json").body(json)
                .when().post("/api/v1/alerts").then();
    }

    /** Posts one firing alert and returns the id of its incident (once the alert is grouped). */
    public static String openIncident(String service, String name, String severity) {
        return incidentOf(postAlerts(alert(service, name, severity, "firing")).statusCode(202)
                .extract().<String>path("alerts[0].fingerprint"));
    }

    /**
     * The incident the alert of {@code fingerprint} was grouped into: a 202 answers right after the
     * alert is stored, and grouping follows within moments, so this waits for it (with a deadline).
     */
    public static String incidentOf(String fingerprint) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .until(() -> given().auth().oauth2(VIEWER).when().get("/api/v1/alerts/" + fingerprint)
                        .then().statusCode(200).extract().<String>path("incidentId"), java.util.Objects::nonNull);
    }

    /** PagerDuty's published trigger example ("Send an Alert Event", Events API v2), keys {@code samplekeyhere}. */
    public static String pagerDutyTriggerExample() {
        try (var in = Api.class.getResourceAsStream("/pagerduty/trigger-example.json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static ValidatableResponse getIncident(String id) {
        return given().auth().oauth2(VIEWER).when().get("/api/v1/incidents/" + id).then();
    }

    public static String status(String id) {
        return getIncident(id).statusCode(200).extract().path("status");
    }
}
