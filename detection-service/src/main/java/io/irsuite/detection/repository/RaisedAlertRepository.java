package io.irsuite.detection.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.detection.domain.AlertStatus;
import io.irsuite.detection.domain.RaisedAlert;
import io.irsuite.detection.domain.Severity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code raised_alert}: the alert detection wants each of its own fingerprints to be, written in the
 * transaction of the state change that decided it, and claimed ({@code FOR UPDATE SKIP LOCKED} plus a
 * claim timeout) by one replica at a time to hand to the ingest path.
 */
@ApplicationScoped
public class RaisedAlertRepository {

    /** A claimed alert and the version it had when claimed. */
    public record Claimed(RaisedAlert alert, long version) {
    }

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };

    private final Pool pool;
    private final ObjectMapper mapper;

    public RaisedAlertRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /** For writes outside a caller's transaction. */
    public Pool pool() {
        return pool;
    }

    /** Sets what the alert of {@code a.fingerprint()} should be; it is pending until delivered. */
    public Uni<Void> raise(SqlClient conn, RaisedAlert a) {
        Tuple args = Tuple.tuple()
                .addString(a.fingerprint()).addString(a.source()).addString(a.service()).addString(a.name())
                .addString(a.status().wire()).addString(a.severity().name()).addString(a.summary())
                .addString(a.description()).addString(json(a.labels()))
                .addOffsetDateTime(Times.odt(a.startsAt())).addOffsetDateTime(Times.odt(a.endsAt()));
        return conn.preparedQuery("""
                        INSERT INTO raised_alert (fingerprint, source, service, name, status, severity, summary,
                                                  description, labels, starts_at, ends_at, version, updated_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, now())
                        ON CONFLICT (fingerprint) DO UPDATE SET source = EXCLUDED.source, service = EXCLUDED.service,
                            name = EXCLUDED.name, status = EXCLUDED.status, severity = EXCLUDED.severity,
                            summary = EXCLUDED.summary, description = EXCLUDED.description, labels = EXCLUDED.labels,
                            starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
                            version = raised_alert.version + 1, updated_at = now()""")
                .execute(args).replaceWithVoid();
    }

    /** Turns a firing alert into its resolution (pending until delivered); false if none was firing. */
    public Uni<Boolean> resolve(SqlClient conn, String fingerprint) {
        return conn.preparedQuery("""
                        UPDATE raised_alert SET status = 'resolved', ends_at = now(), version = version + 1,
                            updated_at = now()
                        WHERE fingerprint = $1 AND status = 'firing'""")
                .execute(Tuple.of(fingerprint)).map(rows -> rows.rowCount() > 0);
    }

    /**
     * Claims up to {@code limit} undelivered alerts no other replica holds, oldest change first (only
     * {@code fingerprint}'s when not null), for {@code claim}.
     */
    public Uni<List<Claimed>> claimPending(int limit, Duration claim, String fingerprint) {
        return pool.preparedQuery("""
                        UPDATE raised_alert r SET claimed_until = now() + make_interval(secs => $2)
                        WHERE r.fingerprint IN (
                            SELECT fingerprint FROM raised_alert
                            WHERE delivered_version < version AND (claimed_until IS NULL OR claimed_until < now())
                              AND ($3::text IS NULL OR fingerprint = $3)
                            ORDER BY updated_at LIMIT $1 FOR UPDATE SKIP LOCKED)
                        RETURNING r.*""")
                .execute(Tuple.of(limit, (double) claim.toMillis() / 1000, fingerprint))
                .map(rows -> {
                    List<Claimed> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Claimed(new RaisedAlert(r.getString("fingerprint"), r.getString("source"),
                                r.getString("service"), r.getString("name"),
                                AlertStatus.parse(r.getString("status")).orElseThrow(),
                                Severity.valueOf(r.getString("severity")), r.getString("summary"),
                                r.getString("description"), labels(r.getString("labels")),
                                Times.instant(r, "starts_at"), Times.instant(r, "ends_at")), r.getLong("version")));
                    }
                    return out;
                });
    }

    /**
     * Records that these versions reached the ingest path and gives up the claims; a delivered resolution
     * that nothing changed since is deleted. A version changed meanwhile stays pending.
     */
    public Uni<Void> delivered(List<Claimed> claimed) {
        if (claimed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] fingerprints = claimed.stream().map(c -> c.alert().fingerprint()).toArray(String[]::new);
        Long[] versions = claimed.stream().map(Claimed::version).toArray(Long[]::new);
        return pool.withTransaction(conn -> conn.preparedQuery("""
                                UPDATE raised_alert r SET delivered_version = GREATEST(r.delivered_version, t.v),
                                    claimed_until = NULL
                                FROM unnest($1::text[], $2::bigint[]) AS t(f, v) WHERE r.fingerprint = t.f""")
                        .execute(Tuple.of(fingerprints, versions))
                        .chain(() -> conn.preparedQuery("""
                                        DELETE FROM raised_alert WHERE fingerprint = ANY($1) AND status = 'resolved'
                                          AND delivered_version = version""")
                                .execute(Tuple.of(fingerprints))))
                .replaceWithVoid();
    }

    /** Gives up claims after a failed delivery, so the next tick tries again at once. */
    public Uni<Void> release(List<Claimed> claimed) {
        String[] fingerprints = claimed.stream().map(c -> c.alert().fingerprint()).toArray(String[]::new);
        return pool.preparedQuery("UPDATE raised_alert SET claimed_until = NULL WHERE fingerprint = ANY($1)")
                .execute(Tuple.of(fingerprints)).replaceWithVoid();
    }

    private String json(Map<String, String> labels) {
        try {
            return mapper.writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> labels(String json) {
        try {
            return mapper.readValue(json, LABELS);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
