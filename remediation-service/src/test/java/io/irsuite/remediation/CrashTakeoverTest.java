package io.irsuite.remediation;

import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.remediation.service.ExecutionEngine;
import io.irsuite.remediation.service.ExecutionLedger;
import io.irsuite.remediation.service.VertxContexts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.irsuite.remediation.Flows.awaitEvent;
import static io.irsuite.remediation.Flows.putRunbook;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An execution survives the crash of its runner: once the lease of the runner that vanished expires,
 * a runner takes it over from its last recorded step. A step that was sent and is not repeatable is
 * never sent again (it counts as {@code interrupted} and is rolled back); a repeatable one is sent
 * again; a live runner's execution is left alone; concurrent claims hand an execution to one runner.
 */
@QuarkusTest
class CrashTakeoverTest {

    static final Duration DB = Duration.ofSeconds(30);
    static TargetServer target;

    @Inject
    Pool pool;

    @Inject
    ExecutionLedger ledger;

    @Inject
    ExecutionEngine engine;

    @Inject
    VertxContexts contexts;

    @BeforeAll
    static void startTarget() throws Exception {
        target = TargetServer.start();
    }

    @AfterAll
    static void stopTarget() {
        target.close();
    }

    /** Writes a RUNNING execution as a runner that crashed would have left it: {@code done} steps SUCCEEDED, the next one RUNNING. */
    UUID leftRunning(String runbook, String runner, OffsetDateTime leaseUntil, List<String> done, String running) {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        pool.preparedQuery("""
                        INSERT INTO execution (id, incident_id, runbook_id, runbook_version, action, target, status, runner,
                                               lease_until, created_at, started_at, confidence, target_key)
                        VALUES ($1, $2, $3, 1, $3, 'crash-svc', 'RUNNING', $4, $5, $6, $6, 0.9, 'service:crash-svc')""")
                .execute(Tuple.tuple(List.of(id, UUID.randomUUID(), runbook, runner, leaseUntil, now))).await().atMost(DB);
        List<String> rows = new ArrayList<>(done);
        rows.add(running);
        for (int i = 0; i < rows.size(); i++) {
            pool.preparedQuery("""
                            INSERT INTO execution_step (id, execution_id, seq, name, type, status, attempts, started_at, finished_at)
                            VALUES ($1, $2, $3, $4, 'http', $5, 1, $6, $7)""")
                    .execute(Tuple.tuple(List.of(UUID.randomUUID(), id, i, rows.get(i), i < done.size() ? "SUCCEEDED" : "RUNNING",
                            now, i < done.size() ? now : now)))
                    .await().atMost(DB);
        }
        return id;
    }

    static JsonPath execution(UUID id) {
        return given().auth().oauth2("viewer-token").get("/api/v1/executions/" + id).then().statusCode(200).extract().jsonPath();
    }

    static JsonPath awaitStatus(UUID id, String status) {
        await().atMost(DB).until(() -> status.equals(execution(id).getString("status")));
        return execution(id);
    }

    @Test
    void aSentStepThatIsNotRepeatableIsNeverSentAgainButRolledBack() {
        putRunbook("crash-post", """
                {"name": "c", "actions": ["crash-post"], "steps": [
                  {"name": "deploy", "type": "http", "method": "POST", "url": "%1$s/status/200/crash-post/deploy",
                   "rollback": {"name": "undeploy", "type": "http", "method": "POST", "url": "%1$s/status/200/crash-post/undeploy"}},
                  {"name": "after", "type": "http", "method": "POST", "url": "%1$s/status/200/crash-post/after"}]}""".formatted(target.baseUrl()));
        UUID id = leftRunning("crash-post", "vanished-replica", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1), List.of(), "deploy");

        JsonPath done = awaitStatus(id, "ROLLED_BACK");
        assertEquals("interrupted", done.getString("failure"));
        assertEquals("FAILED", done.getString("steps[0].status"));
        assertTrue(done.getString("steps[0].output").startsWith("interrupted: its runner stopped after sending it"), done.getString("steps[0].output"));
        assertEquals("SKIPPED", done.getString("steps[1].status"));
        assertEquals("rollback: undeploy", done.getString("steps[2].name"));
        assertEquals(0, target.calls("/status/200/crash-post/deploy").size(), "never sent again");
        assertEquals(1, target.calls("/status/200/crash-post/undeploy").size());
        assertEquals(0, target.calls("/status/200/crash-post/after").size());
        EventEnvelope event = awaitEvent(UUID.fromString(done.getString("incidentId")), EventType.RemediationRolledBack);
        assertEquals("interrupted", event.payload().get("failure").asText());
    }

    @Test
    void aRepeatableStepIsSentAgainAndCompletedStepsAreNot() {
        putRunbook("crash-get", """
                {"name": "c", "actions": ["crash-get"], "steps": [
                  {"name": "change", "type": "http", "method": "POST", "url": "%1$s/status/200/crash-get/change"},
                  {"name": "check", "type": "validate", "url": "%1$s/status/200/crash-get/check"}]}""".formatted(target.baseUrl()));
        UUID id = leftRunning("crash-get", "vanished-replica", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1), List.of("change"), "check");

        JsonPath done = awaitStatus(id, "SUCCEEDED");
        assertEquals(2, done.getInt("steps[1].attempts"), "the interrupted attempt and the one sent again");
        assertEquals(0, target.calls("/status/200/crash-get/change").size());
        assertEquals(1, target.calls("/status/200/crash-get/check").size());
    }

    @Test
    void aLiveRunnersExecutionIsLeftAloneAndAClaimHandsItToOneRunner() {
        putRunbook("crash-live", """
                {"name": "c", "actions": ["crash-live"], "steps": [
                  {"name": "check", "type": "validate", "url": "%1$s/status/200/crash-live/check"}]}""".formatted(target.baseUrl()));
        UUID id = leftRunning("crash-live", "live-replica", OffsetDateTime.now(ZoneOffset.UTC).plusHours(1), List.of(), "check");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> "live-replica".equals(execution(id).getString("runner")));

        pool.preparedQuery("UPDATE execution SET lease_until = now() - interval '1 second' WHERE id = $1")
                .execute(Tuple.of(id)).await().atMost(DB);
        List<UUID> first = new ArrayList<>();
        List<UUID> second = new ArrayList<>();
        io.smallrye.mutiny.Uni.combine().all()
                .unis(contexts.onSafeContext(() -> ledger.claim(20)), contexts.onSafeContext(() -> ledger.claim(20)))
                .asTuple().invoke(t -> {
                    first.addAll(t.getItem1());
                    second.addAll(t.getItem2());
                }).await().atMost(DB);
        assertTrue(!(first.contains(id) && second.contains(id)), "claimed twice");
        if (first.contains(id) || second.contains(id)) {
            engine.start(id); // the test claimed it, so the test runs it (else the dispatcher's own claim does)
        }
        awaitStatus(id, "SUCCEEDED");
        assertEquals(2, execution(id).getInt("steps[0].attempts"), "the interrupted attempt and one after the takeover");
        assertEquals(1, target.calls("/status/200/crash-live/check").size());
    }
}
