package io.irsuite.detection.repository;

import io.irsuite.detection.domain.NormalizedAlert;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The set-based SQL of batched ingest: one lookup, one multi-row insert of new alerts (left for the
 * grouping worker with {@code incident_id} NULL) and one update of repeat counts, for a whole batch.
 * No row is locked up front: the unique index on active fingerprints and conditional updates decide
 * races with other replicas and with the per-alert path, and whatever lost a race is reported back.
 */
@ApplicationScoped
public class IngestBatches {

    /** The active row of a fingerprint, as the fast path needs it. */
    public record Active(UUID id, String fingerprint, UUID incidentId, boolean firing) {
    }

    /** A new alert to insert with how many times the batch carried it. */
    public record NewAlert(UUID id, NormalizedAlert alert, String labelsJson, int count) {
    }

    private static final String INSERT = """
            INSERT INTO alert (id, incident_id, fingerprint, active, source, service, name, status, severity,
                               summary, description, labels, metrics, runbook_url, dashboard_url, starts_at,
                               ends_at, first_seen_at, last_seen_at, receive_count)
            SELECT t.id, NULL, t.fingerprint, true, t.source, t.service, t.name, 'firing', t.severity, t.summary,
                   t.description, t.labels, t.metrics, t.runbook_url, t.dashboard_url, t.starts_at, t.ends_at,
                   $15, $15, t.receive_count
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                        $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::timestamptz[],
                        $14::timestamptz[], $16::int[])
                 AS t(id, fingerprint, source, service, name, severity, summary, description, labels, metrics,
                      runbook_url, dashboard_url, starts_at, ends_at, receive_count)
            ON CONFLICT (fingerprint) WHERE active DO NOTHING
            RETURNING fingerprint""";

    private static final String REPEATS = """
            UPDATE alert a SET receive_count = a.receive_count + t.n, last_seen_at = GREATEST(a.last_seen_at, $3)
            FROM unnest($1::uuid[], $2::int[]) AS t(id, n)
            WHERE a.id = t.id AND a.active AND a.status = 'firing'
            RETURNING a.id""";

    private final Pool pool;

    public IngestBatches(Pool pool) {
        this.pool = pool;
    }

    public Pool pool() {
        return pool;
    }

    /** The active rows of these fingerprints. */
    public Uni<Map<String, Active>> active(SqlConnection conn, Set<String> fingerprints) {
        return conn.preparedQuery("SELECT id, fingerprint, incident_id, status FROM alert "
                        + "WHERE active AND fingerprint = ANY($1)")
                .execute(Tuple.of(fingerprints.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Active> out = new HashMap<>();
                    for (Row r : rows) {
                        out.put(r.getString("fingerprint"), new Active(r.getUUID("id"), r.getString("fingerprint"),
                                r.getUUID("incident_id"), "firing".equals(r.getString("status"))));
                    }
                    return out;
                });
    }

    /** Inserts the new alerts; the fingerprints that another writer inserted first are returned (not inserted). */
    public Uni<Set<String>> insert(SqlConnection conn, List<NewAlert> alerts, Instant now) {
        if (alerts.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int n = alerts.size();
        UUID[] ids = new UUID[n];
        String[] fp = new String[n], source = new String[n], service = new String[n], name = new String[n],
                severity = new String[n], summary = new String[n], description = new String[n],
                labels = new String[n], metrics = new String[n], runbook = new String[n], dashboard = new String[n];
        OffsetDateTime[] startsAt = new OffsetDateTime[n], endsAt = new OffsetDateTime[n];
        Integer[] counts = new Integer[n];
        for (int i = 0; i < n; i++) {
            NewAlert na = alerts.get(i);
            NormalizedAlert a = na.alert();
            ids[i] = na.id();
            fp[i] = a.fingerprint();
            source[i] = a.source();
            service[i] = a.service();
            name[i] = a.name();
            severity[i] = a.severity().name();
            summary[i] = a.summary();
            description[i] = a.description();
            labels[i] = na.labelsJson();
            metrics[i] = a.metricsJson();
            runbook[i] = a.runbookUrl();
            dashboard[i] = a.dashboardUrl();
            startsAt[i] = a.startsAt().atOffset(ZoneOffset.UTC);
            endsAt[i] = a.endsAt() == null ? null : a.endsAt().atOffset(ZoneOffset.UTC);
            counts[i] = na.count();
        }
        Tuple args = Tuple.tuple().addArrayOfUUID(ids).addArrayOfString(fp).addArrayOfString(source)
                .addArrayOfString(service).addArrayOfString(name).addArrayOfString(severity)
                .addArrayOfString(summary).addArrayOfString(description).addArrayOfString(labels)
                .addArrayOfString(metrics).addArrayOfString(runbook).addArrayOfString(dashboard)
                .addArrayOfOffsetDateTime(startsAt).addArrayOfOffsetDateTime(endsAt)
                .addOffsetDateTime(now.atOffset(ZoneOffset.UTC)).addArrayOfInteger(counts);
        return conn.preparedQuery(INSERT).execute(args).map(rows -> {
            Set<String> inserted = new HashSet<>();
            rows.forEach(r -> inserted.add(r.getString("fingerprint")));
            Set<String> lost = new HashSet<>();
            for (String f : fp) {
                if (!inserted.contains(f)) {
                    lost.add(f);
                }
            }
            return lost;
        });
    }

    /** Adds repeats to firing rows; the ids that were no longer active and firing are returned (not counted). */
    public Uni<Set<UUID>> countRepeats(SqlConnection conn, Map<UUID, Integer> repeats, Instant now) {
        if (repeats.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<UUID> ids = new ArrayList<>(repeats.keySet());
        Integer[] counts = ids.stream().map(repeats::get).toArray(Integer[]::new);
        return conn.preparedQuery(REPEATS)
                .execute(Tuple.of(ids.toArray(UUID[]::new), counts, now.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Set<UUID> missed = new HashSet<>(ids);
                    rows.forEach(r -> missed.remove(r.getUUID("id")));
                    return missed;
                });
    }
}
