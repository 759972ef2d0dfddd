package io.irsuite.detection.service;

import io.irsuite.detection.domain.Matcher;
import io.irsuite.detection.domain.MatcherSpec;
import io.irsuite.detection.domain.Silence;
import io.irsuite.detection.domain.SilenceRules;
import io.irsuite.platform.problem.NotFoundException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/** Creating, listing and expiring silences, and previewing what one would mute. */
@ApplicationScoped
public class SilenceService {

    /** How many stored alerts a preview reads at most (newest first). */
    static final int PREVIEW_SCAN_LIMIT = 100_000;
    private static final int PREVIEW_NAMES = 20;

    /** What a silence would have muted among the stored alerts of one service. */
    public record ServicePreview(String service, int alerts, int firing, List<String> alertnames) {
    }

    /** What a silence would have muted among the alerts stored in the last {@code days}. */
    public record Preview(int days, Instant since, int scanned, boolean truncated, int alerts,
                          List<ServicePreview> services) {
    }

    private final Silences silences;
    private final StoredJson json;
    private final Pool pool;

    public SilenceService(Silences silences, StoredJson json, Pool pool) {
        this.silences = silences;
        this.json = json;
        this.pool = pool;
    }

    public Uni<Silence> create(SilenceRules.Valid valid) {
        return persist(valid).call(silences::reload);
    }

    @WithTransaction
    Uni<Silence> persist(SilenceRules.Valid valid) {
        Instant now = Clock.now();
        Silence s = new Silence();
        s.id = UUID.randomUUID();
        s.matchers = json.write(valid.matchers().stream().map(MatcherSpec::of).toList());
        s.startsAt = valid.startsAt();
        s.endsAt = valid.endsAt();
        s.createdBy = valid.createdBy();
        s.comment = valid.comment();
        s.createdAt = now;
        s.updatedAt = now;
        Log.infof("silence %s by %s until %s: %s (%s)", s.id, s.createdBy, s.endsAt, s.matchers, s.comment);
        return s.persist().replaceWith(s);
    }

    /** Newest first; {@code state} null for all. */
    @WithSession
    public Uni<List<Silence>> list(String state, int limit) {
        Instant now = Clock.now();
        String where = state == null ? "" : switch (state) {
            case SilenceRules.PENDING -> "where startsAt > ?1 and endsAt > ?1";
            case SilenceRules.ACTIVE -> "where startsAt <= ?1 and endsAt > ?1";
            default -> "where endsAt <= ?1";
        };
        var query = state == null ? Silence.<Silence>find("order by createdAt desc, id")
                : Silence.<Silence>find(where + " order by createdAt desc, id", now);
        return query.page(0, limit).list();
    }

    @WithSession
    public Uni<Silence> get(UUID id) {
        return Silence.<Silence>findById(id).onItem().ifNull().failWith(() -> notFound(id));
    }

    /** Ends it now; one already ended is returned as it is. Muted alerts still firing are evaluated again. */
    public Uni<Silence> expire(UUID id) {
        return expireInTransaction(id).call(silences::reload).call(silences::tick);
    }

    @WithTransaction
    Uni<Silence> expireInTransaction(UUID id) {
        Instant now = Clock.now();
        return Silence.<Silence>findById(id, LockModeType.PESSIMISTIC_WRITE).onItem().ifNull().failWith(() -> notFound(id))
                .invoke(s -> {
                    if (s.expire(now)) {
                        Log.infof("silence %s expired", s.id);
                    }
                });
    }

    /** Which stored alerts of the last {@code days} the silence would have muted, per service. */
    public Uni<Preview> preview(SilenceRules.Valid valid, int days) {
        Instant now = Clock.now();
        Instant since = now.minus(Duration.ofDays(days));
        return pool.preparedQuery("""
                        SELECT source, service, name, severity, labels, status, active FROM alert
                        WHERE last_seen_at >= $1 ORDER BY last_seen_at DESC LIMIT $2""")
                .execute(Tuple.of(since.atOffset(ZoneOffset.UTC), PREVIEW_SCAN_LIMIT))
                .map(rows -> {
                    Map<String, int[]> counts = new TreeMap<>();
                    Map<String, TreeSet<String>> names = new TreeMap<>();
                    int matched = 0;
                    for (Row r : rows) {
                        if (!Matcher.all(valid.matchers(), silences.labelSet(r))) {
                            continue;
                        }
                        matched++;
                        int[] c = counts.computeIfAbsent(r.getString("service"), k -> new int[2]);
                        c[0]++;
                        if (r.getBoolean("active") && "firing".equals(r.getString("status"))) {
                            c[1]++;
                        }
                        TreeSet<String> n = names.computeIfAbsent(r.getString("service"), k -> new TreeSet<>());
                        if (n.size() < PREVIEW_NAMES) {
                            n.add(r.getString("name"));
                        }
                    }
                    List<ServicePreview> services = new ArrayList<>();
                    counts.forEach((service, c) -> services.add(
                            new ServicePreview(service, c[0], c[1], List.copyOf(names.get(service)))));
                    services.sort((a, b) -> Integer.compare(b.alerts(), a.alerts()));
                    return new Preview(days, since, rows.size(), rows.size() >= PREVIEW_SCAN_LIMIT, matched, services);
                });
    }

    public List<MatcherSpec> matchers(Silence s) {
        return json.read(s.matchers, Silences.SPECS);
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("no silence " + id);
    }
}
