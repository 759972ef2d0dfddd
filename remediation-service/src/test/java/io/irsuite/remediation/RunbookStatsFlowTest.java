package io.irsuite.remediation;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import static io.irsuite.remediation.Flows.putRunbook;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Runbook metadata on GET /api/v1/runbooks and /{id}, computed from executions written in the database
 * as the engine leaves them: every rule of what counts as an execution, a success, a failure of the
 * action, the last use and the recovery time.
 */
@QuarkusTest
class RunbookStatsFlowTest {

    static final Duration DB = Duration.ofSeconds(30);
    static final OffsetDateTime T0 = OffsetDateTime.of(2026, 3, 1, 10, 0, 0, 0, ZoneOffset.UTC);

    @Inject
    Pool pool;

    static String runbook(String name) {
        return """
                {"name": "%s", "actions": ["stats-action"], "steps": [{"name": "settle", "type": "wait", "seconds": 1}]}"""
                .formatted(name);
    }

    /** An execution of version 1 of {@code runbook}; {@code started} and {@code finished} in seconds after T0, null for none. */
    void execution(String runbook, String status, String failure, boolean dryRun, Integer started, Integer finished) {
        pool.preparedQuery("""
                        INSERT INTO execution (id, incident_id, runbook_id, runbook_version, action, target, status, failure,
                                               dry_run, created_at, started_at, finished_at)
                        VALUES ($1, $2, $3, 1, 'stats-action', 'svc', $4, $5, $6, $7, $8, $9)""")
                .execute(Tuple.from(Arrays.asList(UUID.randomUUID(), UUID.randomUUID(), runbook, status, failure, dryRun,
                        T0.minusMinutes(1), started == null ? null : T0.plusSeconds(started),
                        finished == null ? null : T0.plusSeconds(finished))))
                .await().atMost(DB);
    }

    static JsonPath get(String path) {
        return given().auth().oauth2("viewer-token").get(path).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void statsCountStartedExecutionsWithoutDryRunsAndOnlyFailuresThatBlameTheAction() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String used = "stats-used-" + suffix;
        String idle = "stats-idle-" + suffix;
        String blameless = "stats-blameless-" + suffix;
        putRunbook(used, runbook("used"));
        putRunbook(idle, runbook("idle"));
        putRunbook(blameless, runbook("blameless"));

        execution(used, "SUCCEEDED", null, false, 0, 60);         // recovered in 60 s
        execution(used, "SUCCEEDED", null, false, 100, 191);      // and in 91 s: average 75.5 → 76
        execution(used, "FAILED", null, false, 200, 210);         // a failure without a kind blames the action
        execution(used, "FAILED", "step_failed", false, 300, 305);
        execution(used, "ROLLED_BACK", "not_recovered", false, 400, 700);
        execution(used, "FAILED", "interrupted", false, 500, 520); // the suite's own outcomes do not lower the rate
        execution(used, "FAILED", "unreachable", false, 600, 601);
        execution(used, "ROLLED_BACK", "cancelled", false, 700, 710);
        execution(used, "CANCELLED", "cancelled", false, 800, 805);
        execution(used, "RUNNING", null, false, 900, null);        // the newest start: last used
        execution(used, "REJECTED", "rejected", false, null, null); // never started: not an execution
        execution(used, "PENDING_APPROVAL", null, false, null, null);
        execution(used, "SUCCEEDED", null, true, 5000, 5001);     // a dry run, even the newest, counts for nothing
        execution(blameless, "FAILED", "interrupted", false, 0, 10);
        execution(blameless, "SUCCEEDED", null, true, 20, 30);

        Map<String, Object> expectedUsed = Map.of("executions", 10, "succeeded", 2, "successRate", 0.4f,
                "lastUsedAt", "2026-03-01T10:15:00Z", "averageRecoverySeconds", 76);
        JsonPath list = get("/api/v1/runbooks");
        assertEquals(expectedUsed, list.getMap("find { it.id == '" + used + "' }.stats"));
        assertEquals(expectedUsed, get("/api/v1/runbooks/" + used).getMap("stats"));

        Map<String, Object> idleStats = get("/api/v1/runbooks/" + idle).getMap("stats");
        assertEquals(0, idleStats.get("executions"));
        assertEquals(0, idleStats.get("succeeded"));
        assertNull(idleStats.get("successRate"));
        assertNull(idleStats.get("lastUsedAt"));
        assertNull(idleStats.get("averageRecoverySeconds"));
        assertEquals(idleStats, list.getMap("find { it.id == '" + idle + "' }.stats"));

        Map<String, Object> blamelessStats = list.getMap("find { it.id == '" + blameless + "' }.stats");
        assertEquals(1, blamelessStats.get("executions"));
        assertNull(blamelessStats.get("successRate"), "an interrupted execution alone gives no success rate");
        assertEquals("2026-03-01T10:00:00Z", blamelessStats.get("lastUsedAt"));
        assertNull(blamelessStats.get("averageRecoverySeconds"));

        // a stored version is not the runbook: no stats there
        assertFalse(get("/api/v1/runbooks/" + used + "/versions/1").getMap("$").containsKey("stats"));
    }
}
