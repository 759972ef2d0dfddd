package io.irsuite.detection.repository;

import io.irsuite.detection.domain.Signal;
import io.irsuite.detection.domain.SignalBaseline;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.Function;

/**
 * The {@code signal_baseline} rows: one per service and signal. {@link #update} is the one way to change
 * them: all rows a request touches are created or locked in one statement, in one order, so that two
 * replicas receiving samples of one service take turns instead of both deciding from the same state.
 */
@ApplicationScoped
public class SignalBaselines {

    /** A service's signal; ordered so that every transaction locks rows in the same order. */
    public record Key(String service, Signal signal) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = service.compareTo(o.service);
            return c != 0 ? c : signal.field().compareTo(o.signal.field());
        }
    }

    /** What a decision returns: the states to write back (only changed ones are written) and its result. */
    public record Changes<T>(Map<Key, SignalBaseline> states, T result) {
    }

    /** A stored baseline as read for display. */
    public record Stored(Key key, SignalBaseline baseline, Instant updatedAt) {
    }

    private static final String COLUMNS = """
            service, signal, sample_count, mean, variance, anomalous, direction, raise_streak, raise_streak_since,
            resolve_streak, anomalous_since, peak_value, peak_sigma, shadow_count, shadow_mean, shadow_variance,
            resolve_echo, last_at, updated_at
            """;

    // DO UPDATE (unlike DO NOTHING) row-locks an existing row too, and returns it: create-or-lock-and-read in
    // one statement, in the order of the input (sorted by the caller)
    private static final String LOCK = """
            INSERT INTO signal_baseline (service, signal)
            SELECT t.service, t.signal FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(service, signal, n)
            ORDER BY t.n
            ON CONFLICT (service, signal) DO UPDATE SET service = EXCLUDED.service
            RETURNING\s""" + COLUMNS;

    private static final String WRITE = """
            UPDATE signal_baseline SET sample_count = $3, mean = $4, variance = $5, anomalous = $6, direction = $7,
                raise_streak = $8, raise_streak_since = $9, resolve_streak = $10, anomalous_since = $11,
                peak_value = $12, peak_sigma = $13, shadow_count = $14, shadow_mean = $15, shadow_variance = $16,
                resolve_echo = $17, last_at = $18, updated_at = now()
            WHERE service = $1 AND signal = $2""";

    /** deadlock_detected, serialization_failure: another writer won, the transaction is tried again. */
    private static final Set<String> RETRY = Set.of("40P01", "40001");
    private static final int ATTEMPTS = 3;

    private final Pool pool;

    public SignalBaselines(Pool pool) {
        this.pool = pool;
    }

    /**
     * In one transaction: creates the missing rows of {@code keys} and locks them all, hands their states to
     * {@code decide} (pure: it may run again if the transaction is retried), writes back what changed and
     * commits. The result is emitted after the commit.
     */
    public <T> Uni<T> update(SortedSet<Key> keys, Function<Map<Key, SignalBaseline>, Changes<T>> decide) {
        return attempt(keys, decide, 1);
    }

    private <T> Uni<T> attempt(SortedSet<Key> keys, Function<Map<Key, SignalBaseline>, Changes<T>> decide,
                               int attempt) {
        return pool.withTransaction(conn -> lock(conn, keys).chain(states -> {
                    Changes<T> changes = decide.apply(Map.copyOf(states));
                    List<Tuple> writes = new ArrayList<>();
                    changes.states().forEach((key, next) -> {
                        if (!next.equals(states.get(key))) {
                            writes.add(tuple(key, next));
                        }
                    });
                    Uni<?> written = writes.isEmpty() ? Uni.createFrom().voidItem()
                            : conn.preparedQuery(WRITE).executeBatch(writes);
                    return written.replaceWith(changes.result());
                }))
                .onFailure(f -> f instanceof PgException pg && RETRY.contains(pg.getSqlState()) && attempt < ATTEMPTS)
                .recoverWithUni(f -> attempt(keys, decide, attempt + 1));
    }

    private Uni<Map<Key, SignalBaseline>> lock(SqlConnection conn, SortedSet<Key> keys) {
        String[] services = keys.stream().map(Key::service).toArray(String[]::new);
        String[] signals = keys.stream().map(k -> k.signal().field()).toArray(String[]::new);
        return conn.preparedQuery(LOCK).execute(Tuple.of(services, signals)).map(rows -> {
            Map<Key, SignalBaseline> out = new HashMap<>();
            for (Row r : rows) {
                Stored s = stored(r);
                out.put(s.key(), s.baseline());
            }
            return out;
        });
    }

    /** The baselines of one service, by signal name; empty when it never pushed a sample. */
    public Uni<List<Stored>> ofService(String service) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM signal_baseline WHERE service = $1 ORDER BY signal")
                .execute(Tuple.of(service))
                .map(rows -> {
                    List<Stored> out = new ArrayList<>();
                    for (Row r : rows) {
                        Stored s = stored(r);
                        if (s.key().signal() != null) {
                            out.add(s);
                        }
                    }
                    return out;
                });
    }

    private static Stored stored(Row r) {
        Key key = new Key(r.getString("service"), Signal.byField(r.getString("signal")).orElse(null));
        SignalBaseline b = new SignalBaseline(r.getLong("sample_count"), r.getDouble("mean"), r.getDouble("variance"),
                r.getBoolean("anomalous"), r.getInteger("direction"), r.getInteger("raise_streak"),
                instant(r.getOffsetDateTime("raise_streak_since")), r.getInteger("resolve_streak"),
                instant(r.getOffsetDateTime("anomalous_since")), r.getDouble("peak_value"), r.getDouble("peak_sigma"),
                r.getLong("shadow_count"), r.getDouble("shadow_mean"), r.getDouble("shadow_variance"),
                r.getBoolean("resolve_echo"), instant(r.getOffsetDateTime("last_at")));
        return new Stored(key, b, instant(r.getOffsetDateTime("updated_at")));
    }

    private static Tuple tuple(Key key, SignalBaseline b) {
        return Tuple.tuple()
                .addString(key.service()).addString(key.signal().field())
                .addLong(b.count()).addDouble(b.mean()).addDouble(b.variance()).addBoolean(b.anomalous())
                .addShort((short) b.direction()).addInteger(b.raiseStreak()).addOffsetDateTime(odt(b.raiseStreakSince()))
                .addInteger(b.resolveStreak()).addOffsetDateTime(odt(b.anomalousSince()))
                .addDouble(b.peakValue()).addDouble(b.peakSigma()).addLong(b.shadowCount())
                .addDouble(b.shadowMean()).addDouble(b.shadowVariance()).addBoolean(b.resolveEcho())
                .addOffsetDateTime(odt(b.lastAt()));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime odt(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}
