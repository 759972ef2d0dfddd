package io.irsuite.detection.repository;

import io.irsuite.detection.config.IrConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The alerts of this replica's recent lookups that fire in an open incident, by fingerprint, so that a repeat of
 * one (most of what Alertmanager sends) is answered without a query. PostgreSQL announces at its commit whatever
 * may end that state, whoever wrote it (triggers of V12: {@code alert_changed}, {@code incident_changed}); this
 * replica listens on a connection of its own and forgets the alert. The rules that keep it right:
 * <ul>
 * <li>Only while that connection listens: it answers nothing before, and forgets everything when it drops (a
 *     notification may have been missed) until it listens again. A connection that stops delivering without
 *     closing is found by a probe this replica sends itself every second ({@link #checkHearing}).</li>
 * <li>A lookup's rows are kept only if nothing was forgotten since the lookup began ({@link #epoch()}): a row read
 *     before a change whose announcement came during the lookup is never kept.</li>
 * <li>This replica's own changes to an alert forget it before their answer goes out ({@link #forget}); another
 *     replica's are forgotten once their announcement arrives (a few milliseconds after their commit).</li>
 * </ul>
 */
@ApplicationScoped
public class FiringAlertCache {

    private static final String PROBE = "alert_cache_probe";
    private static final Duration DEAF_AFTER = Duration.ofSeconds(10);

    private final Map<String, IngestBatches.Active> alerts = new ConcurrentHashMap<>();
    /** Counts every forgetting; rows of a lookup that began before the latest one are not kept. */
    private final AtomicLong epoch = new AtomicLong();
    private final int capacity;
    private final Vertx vertx;
    private final PgConnectOptions options;
    private final Counter hits;
    private volatile boolean listening;
    private volatile boolean stopped;
    private volatile PgConnection connection;
    /** The wait before trying to listen again, doubled after each failure up to 30 s. */
    private long retryMillis = 1000;
    /** This replica's probe: a notification it sends itself every second through the pool, and must hear back. */
    private final String probe = UUID.randomUUID().toString();
    private final Pool pool;
    private volatile long lastHeard;

    public FiringAlertCache(IrConfig config, Vertx vertx, MeterRegistry registry, Pool pool,
                            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                            @ConfigProperty(name = "quarkus.datasource.username") String user,
                            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.capacity = config.detection().repeatCacheSize();
        this.pool = pool;
        this.vertx = vertx;
        this.options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""))
                .setUser(user).setPassword(password);
        this.hits = Counter.builder("ir.alert.repeats.from.memory")
                .description("repeats of firing alerts answered without a database lookup").register(registry);
    }

    void onStart(@Observes StartupEvent start) {
        if (capacity > 0) {
            listen();
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        stopped = true;
        PgConnection c = connection;
        if (c != null) {
            c.close();
        }
    }

    /** The alert of this fingerprint if it fires in an open incident as far as this replica knows; else null. */
    public IngestBatches.Active firing(String fingerprint) {
        if (!listening) {
            return null;
        }
        IngestBatches.Active a = alerts.get(fingerprint);
        if (a != null) {
            hits.increment();
        }
        return a;
    }

    /** Read before a lookup; pass it to {@link #keep}. */
    public long epoch() {
        return epoch.get();
    }

    /** Keeps the looked-up rows that fire in an open incident, unless something was forgotten since {@code epoch}. */
    public void keep(Map<String, IngestBatches.Active> rows, long epochBefore) {
        if (!listening || epoch.get() != epochBefore) {
            return;
        }
        if (alerts.size() + rows.size() > capacity) {
            alerts.clear();   // a storm of distinct alerts: start over rather than track what is oldest
        }
        rows.values().forEach(r -> {
            if (r.firing() && r.incidentId() != null) {
                alerts.put(r.fingerprint(), r);
            }
        });
        if (epoch.get() != epochBefore) {
            rows.keySet().forEach(alerts::remove);   // a forgetting raced with the puts
        }
    }

    /**
     * Forgets these fingerprints (this replica is about to change or just changed their alerts). Forgetting none
     * changes nothing, so it leaves the epoch alone: every ingest batch calls this, and a bump for nothing would
     * throw away the rows of the lookup running beside it.
     */
    public void forget(Collection<String> fingerprints) {
        if (fingerprints.isEmpty()) {
            return;
        }
        epoch.incrementAndGet();
        fingerprints.forEach(alerts::remove);
    }

    /** Whether the fingerprint is kept (tests). */
    public boolean knows(String fingerprint) {
        return alerts.containsKey(fingerprint);
    }

    /** Whether it answers from memory now (tests). */
    public boolean listening() {
        return listening;
    }

    private void forgetAll() {
        epoch.incrementAndGet();
        alerts.clear();
    }

    private void forgetIncident(UUID incidentId) {
        epoch.incrementAndGet();
        alerts.values().removeIf(a -> incidentId.equals(a.incidentId()));
    }

    private void listen() {
        PgConnection.connect(vertx, options).onSuccess(c -> {
            connection = c;
            c.notificationHandler(n -> {
                if (PROBE.equals(n.getChannel())) {
                    if (probe.equals(n.getPayload())) {
                        lastHeard = System.nanoTime();
                    }
                } else if ("incident_changed".equals(n.getChannel())) {
                    forgetIncident(UUID.fromString(n.getPayload()));
                } else {
                    forget(List.of(n.getPayload()));
                }
            });
            c.closeHandler(ignored -> {
                connection = null;
                listening = false;
                forgetAll();
                if (!stopped) {
                    Log.warn("lost the connection that hears alert changes: repeats are looked up until it is back");
                    retry();
                }
            });
            c.query("LISTEN alert_changed; LISTEN incident_changed; LISTEN " + PROBE).execute().onSuccess(r -> {
                forgetAll();
                retryMillis = 1000;
                lastHeard = System.nanoTime();
                listening = true;
            }).onFailure(f -> c.close());
        }).onFailure(f -> {
            if (!stopped) {
                Log.warnf("cannot listen for alert changes (repeats are looked up meanwhile), retrying in %d ms: %s",
                        retryMillis, f.getMessage());
                retry();
            }
        });
    }

    /**
     * Every second: sends this replica's probe through the pool and checks that the last one was heard. A connection
     * can stop delivering without closing (a peer gone without a word, a pooler between it and PostgreSQL), and a
     * notification it misses would leave an alert in memory that no longer fires: nothing heard for ten seconds
     * ends listening, forgets everything and connects again.
     */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> checkHearing() {
        PgConnection c = connection;
        if (c == null || stopped) {
            return Uni.createFrom().voidItem();
        }
        if (listening && System.nanoTime() - lastHeard > DEAF_AFTER.toNanos()) {
            Log.warnf("heard nothing on the connection that hears alert changes for %d s: listening again",
                    DEAF_AFTER.toSeconds());
            listening = false;
            forgetAll();
            c.close();   // its close handler connects again
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("SELECT pg_notify('" + PROBE + "', $1)").execute(Tuple.of(probe))
                .replaceWithVoid()
                .onFailure().recoverWithNull();   // the database is unavailable: the next check sees nothing heard
    }

    private void retry() {
        long wait = retryMillis;
        retryMillis = Math.min(30_000, retryMillis * 2);
        vertx.setTimer(wait, t -> listen());
    }
}
