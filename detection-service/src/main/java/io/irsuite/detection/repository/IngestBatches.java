package io.irsuite.detection.repository;

import io.irsuite.detection.domain.NormalizedAlert;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
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
 * The set-based SQL of batched ingest: one lookup and one multi-row insert of new alerts (left for the
 * grouping worker with {@code incident_id} NULL) for a whole batch, and one update of the repeat counts
 * gathered since the last one. No row is locked: the unique index on active fingerprints decides races
 * with other replicas and with the per-alert path, and whatever lost a race is reported back.
 */
@ApplicationScoped
public class IngestBatches {

    /**
     * The active row of a fingerprint, as the fast path needs it. {@code firing}: the alert fires and
     * its incident (if grouped) is not resolved, so a repeat changes nothing but counts.
     */
    public record Active(UUID id, String fingerprint, UUID incidentId, boolean firing, boolean silenced) {
    }

    /** A new alert to insert with how many times the batch carried it; {@code silencedBy} null unless muted. */
    public record NewAlert(UUID id, NormalizedAlert alert, String labelsJson, int count, UUID silencedBy) {
    }

    private static final String INSERT = """
            INSERT INTO alert (id, incident_id, fingerprint, active, source, service, name, status, severity,
                               summary, description, labels, metrics, runbook_url, dashboard_url, starts_at,
                               ends_at, first_seen_at, last_seen_at, receive_count, silenced, silenced_by)
            SELECT t.id, NULL, t.fingerprint, true, t.source, t.service, t.name, 'firing', t.severity, t.summary,
                   t.description, t.labels, t.metrics, t.runbook_url, t.dashboard_url, t.starts_at, t.ends_at,
                   $15, $15, t.receive_count, t.silenced_by IS NOT NULL, t.silenced_by
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                        $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::timestamptz[],
                        $14::timestamptz[], $16::int[], $17::uuid[])
                 AS t(id, fingerprint, source, service, name, severity, summary, description, labels, metrics,
                      runbook_url, dashboard_url, starts_at, ends_at, receive_count, silenced_by)
            ON CONFLICT (fingerprint) WHERE active DO NOTHING
            RETURNING fingerprint""";

    private static final String REPEATS = """
            UPDATE alert a SET receive_count = a.receive_count + t.n, last_seen_at = GREATEST(a.last_seen_at, t.seen)
            FROM unnest($1::uuid[], $2::int[], $3::timestamptz[]) AS t(id, n, seen)
            WHERE a.id = t.id""";

    private final Pool pool;

    public IngestBatches(Pool pool) {
        this.pool = pool;
    }

    /** The active rows of these fingerprints. */
    public Uni<Map<String, Active>> active(Set<String> fingerprints) {
        // a firing alert of a resolved incident is no repeat: it reopens the incident or opens another.
        // The array goes through a sub-select so that PostgreSQL plans the statement once: with ANY($1) it
        // knows each batch's array at planning, finds every plan for it cheaper than the generic one, and so
        // plans again for every batch (custom plans), which on a table of some 20,000 alerts cost more than
        // the lookup itself and held the repeat path at about 7,000 alerts a second (bench/README)
        return pool.preparedQuery("SELECT a.id, a.fingerprint, a.incident_id, a.status, a.silenced, i.status AS incident_status "
                        + "FROM alert a LEFT JOIN incident i ON i.id = a.incident_id "
                        + "WHERE a.active AND a.fingerprint = ANY(((SELECT $1::text[]))::text[])")
                .execute(Tuple.of(fingerprints.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Active> out = new HashMap<>();
                    for (Row r : rows) {
                        out.put(r.getString("fingerprint"), new Active(r.getUUID("id"), r.getString("fingerprint"),
                                r.getUUID("incident_id"), "firing".equals(r.getString("status"))
                                && !"RESOLVED".equals(r.getString("incident_status")), r.getBoolean("silenced")));
                    }
                    return out;
                });
    }

    /** Inserts the new alerts; the fingerprints that another writer inserted first are returned (not inserted). */
    public Uni<Set<String>> insert(List<NewAlert> alerts, Instant now) {
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
        UUID[] silencedBy = new UUID[n];
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
            silencedBy[i] = na.silencedBy();
        }
        Tuple args = Tuple.tuple().addArrayOfUUID(ids).addArrayOfString(fp).addArrayOfString(source)
                .addArrayOfString(service).addArrayOfString(name).addArrayOfString(severity)
                .addArrayOfString(summary).addArrayOfString(description).addArrayOfString(labels)
                .addArrayOfString(metrics).addArrayOfString(runbook).addArrayOfString(dashboard)
                .addArrayOfOffsetDateTime(startsAt).addArrayOfOffsetDateTime(endsAt)
                .addOffsetDateTime(now.atOffset(ZoneOffset.UTC)).addArrayOfInteger(counts)
                .addArrayOfUUID(silencedBy);
        return pool.preparedQuery(INSERT).execute(args).map(rows -> {
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

    /** Adds repeat counts and last-seen times to alert rows (repeats counted since the last call). */
    public Uni<Void> countRepeats(Map<UUID, Integer> counts, Map<UUID, Instant> lastSeen) {
        if (counts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<UUID> ids = new ArrayList<>(counts.keySet());
        Integer[] n = ids.stream().map(counts::get).toArray(Integer[]::new);
        OffsetDateTime[] seen = ids.stream().map(id -> lastSeen.get(id).atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new);
        // a count lost in a crash is a repeat uncounted, never an alert lost: no need to wait for the WAL flush
        return pool.withTransaction(conn -> conn.query("SET LOCAL synchronous_commit TO OFF").execute()
                .chain(() -> conn.preparedQuery(REPEATS).execute(Tuple.of(ids.toArray(UUID[]::new), n, seen))))
                .replaceWithVoid();
    }
}
