package io.irsuite.detection.service;

import io.irsuite.detection.config.IrConfig;
import io.irsuite.detection.domain.Heartbeat;
import io.irsuite.detection.domain.HeartbeatRules;
import io.irsuite.detection.repository.HeartbeatRepository;
import io.irsuite.detection.repository.RaisedAlertRepository;
import io.irsuite.platform.problem.NotFoundException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Heartbeats (dead man's switches): definitions, pings, and the tick that notices missed ones. A miss
 * raises a firing {@code HeartbeatMissed} alert (fingerprint {@code heartbeat:<name>}), the next ping
 * resolves it; both are written with the state change and delivered by {@link RaisedAlerts}.
 */
@ApplicationScoped
public class HeartbeatService {

    public static final String VIA_HTTP = "http";
    public static final String VIA_ALERTMANAGER = "alertmanager";

    private final HeartbeatRepository heartbeats;
    private final RaisedAlertRepository raised;
    private final RaisedAlerts delivery;
    private final IrConfig config;
    private final MonitorMetrics metrics;

    public HeartbeatService(HeartbeatRepository heartbeats, RaisedAlertRepository raised, RaisedAlerts delivery,
                            IrConfig config, MonitorMetrics metrics) {
        this.heartbeats = heartbeats;
        this.raised = raised;
        this.delivery = delivery;
        this.config = config;
        this.metrics = metrics;
    }

    /** Creates or replaces {@code name}; 400 problems name the fields. */
    public Uni<HeartbeatRepository.Put> put(String name, String service, Integer intervalSeconds,
                                            Integer graceSeconds, String severity) {
        return Uni.createFrom().item(() -> HeartbeatRules.define(name, service, intervalSeconds, graceSeconds, severity))
                .chain(d -> heartbeats.put(name, d))
                .invoke(p -> Log.infof("heartbeat %s %s (service %s, every %ds, grace %ds)", name,
                        p.created() ? "created" : "replaced", p.heartbeat().service(),
                        p.heartbeat().intervalSeconds(), p.heartbeat().graceSeconds()));
    }

    public Uni<Heartbeat> get(String name) {
        return heartbeats.find(name).onItem().ifNull().failWith(() -> notFound(name));
    }

    public Uni<List<Heartbeat>> list() {
        return heartbeats.list();
    }

    /** Deletes {@code name}; its alert, if firing, resolves. */
    public Uni<Void> delete(String name) {
        String fingerprint = HeartbeatRules.fingerprint(name);
        return heartbeats.pool().withTransaction(conn -> heartbeats.delete(conn, name)
                        .onItem().ifNull().failWith(() -> notFound(name))
                        .chain(() -> raised.resolve(conn, fingerprint)))
                .chain(resolved -> resolved ? delivery.deliverNow(fingerprint) : Uni.createFrom().item(0))
                .invoke(() -> Log.infof("heartbeat %s deleted", name))
                .replaceWithVoid();
    }

    /** A ping: the heartbeat is ok until one interval plus grace from now, and its alert, if firing, resolves. */
    public Uni<Heartbeat> ping(String name, String via) {
        String fingerprint = HeartbeatRules.fingerprint(name);
        return heartbeats.pool().withTransaction(conn -> heartbeats.ping(conn, name)
                        .onItem().ifNull().failWith(() -> notFound(name))
                        .chain(p -> raised.resolve(conn, fingerprint).map(resolved -> {
                            if (resolved) {
                                Log.infof("heartbeat %s pinged again after a miss: HeartbeatMissed resolves", name);
                            }
                            return new Pinged(p.heartbeat(), resolved);
                        })))
                .invoke(() -> metrics.heartbeatPinged(via))
                .chain(p -> p.resolved()
                        ? delivery.deliverNow(fingerprint).replaceWith(p.heartbeat())
                        : Uni.createFrom().item(p.heartbeat()));
    }

    private record Pinged(Heartbeat heartbeat, boolean resolved) {
    }

    /**
     * Marks the heartbeats past their deadline as missed and raises their alerts, in one transaction;
     * each miss is taken by one replica only. Emits the names that missed.
     */
    public Uni<List<String>> detectMissed() {
        return heartbeats.pool().withTransaction(conn -> heartbeats.markMissed(conn,
                                config.detection().heartbeats().batchSize())
                        .call(missed -> Multi.createFrom().iterable(missed)
                                .onItem().transformToUniAndConcatenate(m ->
                                        raised.raise(conn, HeartbeatRules.missed(m.heartbeat(), m.now())))
                                .collect().last()))
                .map(missed -> missed.stream().map(m -> {
                    metrics.heartbeatMissed();
                    Log.infof("heartbeat %s of %s missed its deadline %s: HeartbeatMissed raised",
                            m.heartbeat().name(), m.heartbeat().service(), m.heartbeat().deadline());
                    return m.heartbeat().name();
                }).toList());
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("heartbeat " + name + " does not exist");
    }
}
