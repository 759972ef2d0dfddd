package io.irsuite.detection.rest;

import io.irsuite.detection.Api;
import io.irsuite.detection.repository.FiringAlertCache;
import io.irsuite.detection.repository.IngestBatches;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.irsuite.detection.Api.VIEWER;
import static io.irsuite.detection.Api.alert;
import static io.irsuite.detection.Api.getIncident;
import static io.irsuite.detection.Api.incidentOf;
import static io.irsuite.detection.Api.postAlerts;
import static io.irsuite.detection.Api.uniqueService;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * Repeats of an alert that fires in an open incident are answered from memory, and every change that ends that
 * state, whoever writes it, is heard before the next repeat is answered: the same alert then goes the per-alert
 * path again (a re-fire, a reopened or new incident) instead of being counted as a repeat.
 */
@QuarkusTest
class RepeatsFromMemoryTest {

    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @Inject
    FiringAlertCache firing;

    @Inject
    Pool pool;

    /** Opens an incident with one alert and repeats it until this replica keeps the alert in memory. */
    private String firingAndKept(String body) {
        await().atMost(DEADLINE).until(firing::listening);
        String fingerprint = postAlerts(body).statusCode(202).body("alerts[0].outcome", equalTo("new"))
                .extract().path("alerts[0].fingerprint");
        String incident = incidentOf(fingerprint);
        await().atMost(DEADLINE).until(() -> {
            postAlerts(body).statusCode(202).body("alerts[0].outcome", equalTo("duplicate"))
                    .body("alerts[0].incidentId", equalTo(incident));
            return firing.knows(fingerprint);
        });
        return fingerprint;
    }

    private static double fromMemory() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("ir_alert_repeats_from_memory_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void repeatsAreAnsweredFromMemoryAndStillCounted() {
        String service = uniqueService("cache");
        String body = alert(service, "HighLatency", "warning", "firing");
        String fingerprint = firingAndKept(body);
        double before = fromMemory();
        String incident = incidentOf(fingerprint);

        for (int i = 0; i < 5; i++) {
            postAlerts(body).statusCode(202).body("alerts[0].outcome", equalTo("duplicate"))
                    .body("alerts[0].incidentId", equalTo(incident));
        }

        assertThat(fromMemory() - before, greaterThanOrEqualTo(5.0));
        getIncident(incident).body("alertCount", equalTo(1));
        // the count of every repeat reaches the row within a second, memory or not
        await().atMost(DEADLINE).untilAsserted(() -> given().auth().oauth2(VIEWER)
                .when().get("/api/v1/alerts/" + fingerprint).then().statusCode(200)
                .body("receiveCount", greaterThan(6)));
    }

    @Test
    void anotherWritersChangeIsHeardBeforeTheNextRepeat() {
        String service = uniqueService("cache");
        String body = alert(service, "DiskFull", "critical", "firing");
        String fingerprint = firingAndKept(body);

        // another replica resolves the alert: this one changes nothing itself, PostgreSQL tells it
        resolveInTheDatabase(fingerprint);
        await().atMost(DEADLINE).until(() -> !firing.knows(fingerprint));

        // so the alert firing again is a re-fire (the per-alert path, committed before the 202), not a repeat
        // counted on a resolved row
        postAlerts(body).statusCode(202);
        assertFiring(fingerprint);
    }

    /** What another replica resolving the alert writes. */
    private void resolveInTheDatabase(String fingerprint) {
        int changed = pool.preparedQuery("UPDATE alert SET status = 'resolved', ends_at = now() "
                        + "WHERE fingerprint = $1 AND active").execute(Tuple.of(fingerprint))
                .await().atMost(DEADLINE).rowCount();
        assertThat(changed, is(1));
    }

    private static void assertFiring(String fingerprint) {
        given().auth().oauth2(VIEWER).when().get("/api/v1/alerts/" + fingerprint).then().statusCode(200)
                .body("status", equalTo("firing"));
    }

    @Test
    void resolvingTheIncidentForgetsItsAlerts() {
        String service = uniqueService("cache");
        String body = alert(service, "QueueBacklog", "warning", "firing");
        String fingerprint = firingAndKept(body);
        String incident = incidentOf(fingerprint);

        given().auth().oauth2(Api.RESPONDER).contentType("application/json").body("{\"by\":\"alice\"}")
                .when().post("/api/v1/incidents/" + incident + "/resolve").then().statusCode(200);
        await().atMost(DEADLINE).until(() -> !firing.knows(fingerprint));

        // the alert still firing reopens the incident (committed before the 202): never a repeat of a resolved one
        postAlerts(body).statusCode(202);
        getIncident(incident).statusCode(200).body("status", equalTo("REOPENED"));
        assertFiring(fingerprint);
    }

    @Test
    void aLostListeningConnectionForgetsEverythingAndListensAgain() {
        String service = uniqueService("cache");
        String body = alert(service, "PodCrashLooping", "warning", "firing");
        String fingerprint = firingAndKept(body);

        // the connection that hears changes is cut on PostgreSQL's side: whatever it would have heard is lost
        int cut = pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND query LIKE 'LISTEN alert_changed%'").execute()
                .await().atMost(DEADLINE).rowCount();
        assertThat(cut, greaterThan(0));
        await().atMost(DEADLINE).until(() -> !firing.knows(fingerprint));

        // it listens again, and changes are heard as before
        String again = firingAndKept(alert(uniqueService("cache"), "PodCrashLooping", "warning", "firing"));
        resolveInTheDatabase(again);
        await().atMost(DEADLINE).until(() -> !firing.knows(again));
    }

    @Test
    void aLookupOverlappingAChangeKeepsNothing() {
        await().atMost(DEADLINE).until(firing::listening);
        String fingerprint = "cafe" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        IngestBatches.Active row = new IngestBatches.Active(UUID.randomUUID(), fingerprint, UUID.randomUUID(), true, false);

        long epoch = firing.epoch();
        firing.forget(List.of("some-other-alert"));   // heard while the lookup was on its way
        firing.keep(Map.of(fingerprint, row), epoch);
        assertThat(firing.knows(fingerprint), is(false));

        firing.keep(Map.of(fingerprint, row), firing.epoch());
        assertThat(firing.knows(fingerprint), is(true));
        firing.forget(List.of(fingerprint));
        assertThat(firing.knows(fingerprint), is(false));
    }
}
