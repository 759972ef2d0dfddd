package io.irsuite.remediation;

import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.remediation.service.RecoveryService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static io.irsuite.remediation.Flows.awaitEvent;
import static io.irsuite.remediation.Flows.putRunbook;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Executions survive restarts: what a crashed process left RUNNING is failed when it starts again,
 * and another replica's execution is failed only once its lease has expired.
 */
@QuarkusTest
class RecoveryTest {

    static final Duration DB = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    RecoveryService recovery;

    /** Writes a RUNNING execution (with a RUNNING step) as a runner that then vanished would have left it. */
    UUID leftRunning(String runner, OffsetDateTime leaseUntil) {
        UUID id = UUID.randomUUID();
        UUID incident = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        pool.preparedQuery("""
                        INSERT INTO execution (id, incident_id, runbook_id, runbook_version, action, target, status, runner,
                                               lease_until, created_at, started_at)
                        VALUES ($1, $2, 'recovery-rb', 1, 'recovery', 'svc', 'RUNNING', $3, $4, $5, $5)""")
                .execute(Tuple.of(id, incident, runner, leaseUntil, now)).await().atMost(DB);
        pool.preparedQuery("""
                        INSERT INTO execution_step (id, execution_id, seq, name, type, status, attempts, started_at)
                        VALUES ($1, $2, 0, 'call', 'http', 'RUNNING', 0, $3)""")
                .execute(Tuple.of(UUID.randomUUID(), id, now)).await().atMost(DB);
        return id;
    }

    static JsonPath execution(UUID id) {
        return given().auth().oauth2("viewer-token").get("/api/v1/executions/" + id)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aRestartFailsWhatThisRunnerLeftRunningAndTheSweepOnlyExpiredLeasesOfOthers() {
        putRunbook("recovery-rb", """
                {"name": "recovery", "actions": ["recovery"], "steps": [{"name": "call", "type": "http", "method": "POST",
                 "url": "http://127.0.0.1:1/x"}]}""");
        OffsetDateTime future = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1);
        OffsetDateTime past = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1);
        UUID mine = leftRunning("remediation-test-runner", future);
        UUID othersAlive = leftRunning("other-replica", future);
        UUID othersDead = leftRunning("other-replica", past);

        recovery.recoverAtStartup().await().atMost(DB);

        JsonPath failed = execution(mine);
        assertEquals("FAILED", failed.getString("status"));
        assertEquals("interrupted by a restart", failed.getString("error"));
        assertEquals("FAILED", failed.getString("steps[0].status"));
        assertEquals("interrupted by a restart", failed.getString("steps[0].output"));
        assertEquals("RUNNING", execution(othersAlive).getString("status"));
        assertEquals("FAILED", execution(othersDead).getString("status"));
        assertEquals("interrupted: its runner stopped (lease expired)", execution(othersDead).getString("error"));

        recovery.sweepExpiredLeases().await().atMost(DB);
        assertEquals("RUNNING", execution(othersAlive).getString("status"));

        EventEnvelope event = awaitEvent(UUID.fromString(failed.getString("incidentId")), EventType.RemediationFailed);
        assertEquals("interrupted by a restart", event.payload().get("error").asText());

        // leave nothing RUNNING behind for other tests
        pool.preparedQuery("UPDATE execution SET lease_until = now() - interval '1 minute' WHERE id = $1")
                .execute(Tuple.of(othersAlive)).await().atMost(DB);
        recovery.sweepExpiredLeases().await().atMost(DB);
        assertEquals("FAILED", execution(othersAlive).getString("status"));
    }
}
