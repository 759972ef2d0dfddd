package io.irsuite.triage.service;

import io.irsuite.platform.retention.Retention;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Retention keeps an incident's newest triage and prunes the versions it moved past, once they are old. */
@QuarkusTest
class RetentionTest {

    @Inject
    Retention retention;
    @Inject
    Pool pool;

    @Test
    void supersededVersionsGoAfterTheirRetentionAndTheNewestStays() {
        UUID incident = UUID.randomUUID();
        Instant old = Instant.now().minus(Duration.ofDays(40));
        exec("INSERT INTO triage_incident (incident_id, title, services, version, resolved, created_at, updated_at) "
                + "VALUES ($1, 'old', 'svc', 3, true, $2, $2)", Tuple.of(incident, old.atOffset(ZoneOffset.UTC)));
        for (int v = 1; v <= 3; v++) {
            exec("INSERT INTO triage_result (id, incident_id, version, severity, auto_remediate, body, triaged_at) "
                    + "VALUES ($1, $2, $3, 'SEV3', false, '{}', $4)",
                    Tuple.of(UUID.randomUUID(), incident, v, old.atOffset(ZoneOffset.UTC)));
        }
        // as of now (retention 30 days) the two superseded versions go; as of 20 days ago, nothing did
        retention.pruneAll(Instant.now().minus(Duration.ofDays(20))).await().atMost(Duration.ofSeconds(30));
        assertEquals(List.of(1, 2, 3), versions(incident));
        retention.pruneAll(Instant.now()).await().atMost(Duration.ofSeconds(30));
        assertEquals(List.of(3), versions(incident));
    }

    private void exec(String sql, Tuple args) {
        pool.preparedQuery(sql).execute(args).await().atMost(Duration.ofSeconds(30));
    }

    private List<Integer> versions(UUID incident) {
        List<Integer> out = new ArrayList<>();
        pool.preparedQuery("SELECT version FROM triage_result WHERE incident_id = $1 ORDER BY version")
                .execute(Tuple.of(incident)).await().atMost(Duration.ofSeconds(30)).forEach(r -> out.add(r.getInteger(0)));
        return out;
    }
}
