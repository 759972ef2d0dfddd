package io.irsuite.detection.repository;

import io.irsuite.detection.config.IrConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

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
 *     notification may have been missed) until it listens again.</li>
 * <li>A lookup's rows are kept only if nothing was forgotten since the lookup began ({@link #epoch()}): a row read
 *     before a change whose announcement came during the lookup is never kept.</li>
 * <li>This replica's own changes to an alert forget it before their answer goes out ({@link #forget}); another
 *     replica's are forgotten once their announcement arrives (a few milliseconds after their commit).</li>
 * </ul>
 */
@ApplicationScoped
public class FiringAlertCache {

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

    public FiringAlertCache(IrConfig config, Vertx vertx, MeterRegistry registry,
                            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                            @ConfigProperty(name = "quarkus.datasource.username") String user,
                            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.capacity = config.detection().repeatCacheSize();
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

    /** Forgets these fingerprints (this replica is about to change or just changed their alerts). */
    public void forget(Iterable<String> fingerprints) {
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
                if ("incident_changed".equals(n.getChannel())) {
                    forgetIncident(UUID.fromString(n.getPayload()));
                } else {
                    forget(java.util.List.of(n.getPayload()));
                }
            });
            c.closeHandler(ignored -> {
                listening = false;
                forgetAll();
                if (!stopped) {
                    Log.warn("lost the connection that hears alert changes: repeats are looked up until it is back");
                    retry();
                }
            });
            c.query("LISTEN alert_changed; LISTEN incident_changed").execute().onSuccess(r -> {
                forgetAll();
                retryMillis = 1000;
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

    private void retry() {
        long wait = retryMillis;
        retryMillis = Math.min(30_000, retryMillis * 2);
        vertx.setTimer(wait, t -> listen());
    }
}
