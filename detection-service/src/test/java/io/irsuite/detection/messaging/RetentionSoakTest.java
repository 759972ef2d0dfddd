package io.irsuite.detection.messaging;

import io.irsuite.platform.retention.Retention;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * A day of alerts at a steady rate, with a simulated clock: every half hour of simulated time the
 * rows that ingest would have written are inserted (resolved alerts, published outbox events,
 * processed-event records), then the platform's retention runs as of that time. The tables must
 * level off at about rate × (retention + step) instead of growing all day. The test profile keeps
 * one hour; the rate is {@code -Dsoak.rate} alerts per second (an ir.* name would be refused by the config mapping; a run at 100 is in bench/README.md).
 */
@QuarkusTest
class RetentionSoakTest {

    private static final Duration STEP = Duration.ofMinutes(30);
    private static final Duration KEEP = Duration.ofHours(1);

    @Inject
    Retention retention;
    @Inject
    Pool pool;

    @Test
    void aDayAtASteadyRateLevelsOff() {
        int rate = Integer.getInteger("soak.rate", 5);
        long perStep = rate * STEP.toSeconds();
        long bound = rate * (KEEP.toSeconds() + STEP.toSeconds());
        UUID incident = UUID.randomUUID();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(400));
        exec("INSERT INTO incident (id, title, status, severity, services, alert_count, firing_count, started_at, "
                + "detected_at, resolved_at, updated_at) VALUES ($1, 'soak', 'RESOLVED', 'SEV4', '{soak}', 0, 0, $2, $2, $2, $2)",
                Tuple.of(incident, start.atOffset(ZoneOffset.UTC)));
        long before = count("outbox_event") ;
        long peak = 0;
        for (int step = 1; step <= 48; step++) {
            Instant to = start.plus(STEP.multipliedBy(step));
            Instant from = to.minus(STEP);
            Tuple window = Tuple.of(from.atOffset(ZoneOffset.UTC), (double) STEP.toSeconds() / perStep, perStep);
            exec("INSERT INTO alert (id, incident_id, fingerprint, active, source, service, name, status, severity, "
                    + "labels, starts_at, first_seen_at, last_seen_at, receive_count) "
                    + "SELECT gen_random_uuid(), '" + incident + "', 'soak-' || gen_random_uuid(), false, 'soak', 'soak', "
                    + "'Soak', 'resolved', 'SEV4', '{}', t, t, t, 1 FROM (SELECT $1 + (i * $2) * interval '1 second' AS t "
                    + "FROM generate_series(1, $3) i) s", window);
            exec("INSERT INTO outbox_event (event_id, address, type, incident_id, body, created_at, published_at) "
                    + "SELECT gen_random_uuid(), 'incident-events', 'AlertAttached', '" + incident + "', '{}', t, t "
                    + "FROM (SELECT $1 + (i * $2) * interval '1 second' AS t FROM generate_series(1, $3) i) s", window);
            exec("INSERT INTO processed_event (event_id, type, processed_at) SELECT gen_random_uuid(), 'IncidentTriaged', t "
                    + "FROM (SELECT $1 + (i * $2) * interval '1 second' AS t FROM generate_series(1, $3) i) s", window);
            Map<String, Long> pruned = retention.pruneAll(to).await().atMost(Duration.ofMinutes(2));
            long alerts = countWhere("alert", "incident_id = '" + incident + "'");
            long outbox = countWhere("outbox_event", "incident_id = '" + incident + "'");
            long processed = countWhere("processed_event", "type = 'IncidentTriaged' AND processed_at < '"
                    + to.plusSeconds(1) + "'");
            peak = Math.max(peak, Math.max(alerts, Math.max(outbox, processed)));
            assertThat("resolved alerts at step " + step + " " + pruned, alerts, lessThanOrEqualTo(bound));
            assertThat("published outbox events at step " + step, outbox, lessThanOrEqualTo(bound));
            assertThat("processed-event records at step " + step, processed, lessThanOrEqualTo(bound));
        }
        // it did fill up to the retention window before levelling off
        assertThat(peak, greaterThan(rate * KEEP.toSeconds()));
        io.quarkus.logging.Log.infof("soak: %d alerts/s for a simulated day (%d rows a table every half hour), "
                + "largest table %d rows, bound %d", rate, perStep, peak, bound);
        assertThat(count("outbox_event") - before, lessThanOrEqualTo(bound));
    }

    private void exec(String sql, Tuple args) {
        pool.preparedQuery(sql).execute(args).await().atMost(Duration.ofMinutes(1));
    }

    private long count(String table) {
        return countWhere(table, "true");
    }

    private long countWhere(String table, String condition) {
        return pool.query("SELECT count(*) FROM " + table + " WHERE " + condition).execute()
                .await().atMost(Duration.ofMinutes(1)).iterator().next().getLong(0);
    }
}
