package io.irsuite.detection.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.irsuite.detection.domain.AlertLabels;
import io.irsuite.detection.domain.Matcher;
import io.irsuite.detection.domain.MatcherSpec;
import io.irsuite.detection.domain.NormalizedAlert;
import io.irsuite.detection.domain.SilenceRules;
import io.irsuite.platform.problem.FieldError;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The silences ingest applies, and what happens when one ends. Ingest matches every new firing alert
 * against a snapshot of the silences not yet ended, read from the database at start, after every
 * change made here, and every {@code ir.detection.silence-refresh-interval} (1 s), so a silence made on
 * another replica applies within that interval. The same tick evaluates again, once across replicas
 * (rows locked, others skipped), the muted alerts still firing whose silence has ended: muted by
 * another silence, or handed to grouping like any new alert.
 */
@ApplicationScoped
public class Silences {

    /** A silence as ingest matches it. */
    public record Compiled(UUID id, List<Matcher> matchers, Instant startsAt, Instant endsAt) {
    }

    static final TypeReference<List<MatcherSpec>> SPECS = new TypeReference<>() {
    };
    private static final int REEVALUATE_BATCH = 500;

    private final Pool pool;
    private final StoredJson json;
    private final DetectionMetrics metrics;
    private volatile List<Compiled> snapshot = List.of();

    public Silences(Pool pool, StoredJson json, DetectionMetrics metrics) {
        this.pool = pool;
        this.json = json;
        this.metrics = metrics;
    }

    void load(@Observes StartupEvent start) {
        reload().await().atMost(Duration.ofSeconds(30));
    }

    /** The active silence that mutes {@code alert}, or null (no label set is built while no silence exists). */
    public UUID silencing(NormalizedAlert alert, Instant now) {
        return snapshot.isEmpty() ? null : silencing(AlertLabels.of(alert), now);
    }

    /** The active silence that mutes an alert with these labels (see {@link AlertLabels}), or null. */
    UUID silencing(Map<String, String> labels, Instant now) {
        for (Compiled s : snapshot) {
            if (SilenceRules.isActive(s.startsAt(), s.endsAt(), now) && Matcher.all(s.matchers(), labels)) {
                return s.id();
            }
        }
        return null;
    }

    /** Reads the silences that have not ended. */
    public Uni<Void> reload() {
        return pool.preparedQuery("SELECT id, matchers, starts_at, ends_at FROM silence WHERE ends_at > $1")
                .execute(Tuple.of(Clock.now().atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    List<Compiled> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Compiled(r.getUUID("id"), compile(r.getString("matchers")),
                                r.getOffsetDateTime("starts_at").toInstant(), r.getOffsetDateTime("ends_at").toInstant()));
                    }
                    snapshot = List.copyOf(out);
                    return null;
                });
    }

    List<Matcher> compile(String stored) {
        List<FieldError> errors = new ArrayList<>();
        List<Matcher> matchers = MatcherSpec.compile(json.read(stored, SPECS), "matchers", errors);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("stored matchers no longer compile: " + errors);
        }
        return matchers;
    }

    @Scheduled(every = "${ir.detection.silence-refresh-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        return reload().chain(this::reevaluate)
                .invoke(n -> {
                    if (n > 0) {
                        Log.infof("%d muted alert(s) still firing after their silence ended were evaluated again", n);
                    }
                })
                .onFailure().invoke(e -> Log.warnf("silence refresh failed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Muted alerts still firing whose silence is no longer active: muted again by another active silence,
     * or unmuted (the grouping worker then groups them within a second). Returns how many were unmuted.
     */
    public Uni<Integer> reevaluate() {
        Instant now = Clock.now();
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        SELECT a.id, a.source, a.service, a.name, a.severity, a.labels FROM alert a
                        WHERE a.silenced AND a.active AND a.status = 'firing'
                          AND NOT EXISTS (SELECT 1 FROM silence s WHERE s.id = a.silenced_by
                                          AND s.starts_at <= $1 AND s.ends_at > $1)
                        ORDER BY a.first_seen_at LIMIT $2 FOR UPDATE OF a SKIP LOCKED""")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), REEVALUATE_BATCH))
                .chain(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    List<Boolean> muted = new ArrayList<>();
                    List<UUID> by = new ArrayList<>();
                    int unmuted = 0;
                    for (Row r : rows) {
                        UUID silence = silencing(labelSet(r), now);
                        ids.add(r.getUUID("id"));
                        muted.add(silence != null);
                        by.add(silence);
                        if (silence == null) {
                            unmuted++;
                        }
                    }
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    int count = unmuted;
                    // an alert unmuted keeps silenced_by: the record of what muted it
                    return conn.preparedQuery("""
                                    UPDATE alert a SET silenced = t.muted, silenced_by = COALESCE(t.by, a.silenced_by)
                                    FROM unnest($1::uuid[], $2::bool[], $3::uuid[]) AS t(id, muted, by)
                                    WHERE a.id = t.id""")
                            .execute(Tuple.of(ids.toArray(UUID[]::new), muted.toArray(Boolean[]::new), by.toArray(UUID[]::new)))
                            .invoke(() -> metrics.alertsUnsilenced(count))
                            .replaceWith(count);
                }));
    }

    /** The label set matchers see of a row read with source, service, name, severity and labels. */
    Map<String, String> labelSet(Row r) {
        return json.labelSet(r.getString("labels"), r.getString("service"), r.getString("name"), r.getString("source"),
                r.getString("severity"));
    }
}
