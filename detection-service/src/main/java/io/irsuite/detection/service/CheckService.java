package io.irsuite.detection.service;

import io.irsuite.detection.client.ProbeClient;
import io.irsuite.detection.config.IrConfig;
import io.irsuite.detection.domain.CheckResult;
import io.irsuite.detection.domain.CheckRules;
import io.irsuite.detection.domain.SyntheticCheck;
import io.irsuite.detection.repository.CheckRepository;
import io.irsuite.detection.repository.RaisedAlertRepository;
import io.irsuite.platform.problem.NotFoundException;
import io.irsuite.platform.work.SafeContext;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Synthetic HTTP checks: definitions, and the probes the tick claims. A claim makes a due check due one
 * interval later, so across replicas each due check is probed once; the probe runs outside any
 * transaction, and its result is recorded (and may raise or resolve {@code SyntheticCheckFailed},
 * fingerprint {@code check:<name>}) in a short one afterwards.
 */
@ApplicationScoped
public class CheckService {

    /** A check with its kept results, newest first. */
    public record Detail(SyntheticCheck check, List<CheckResult> results) {
    }

    private final CheckRepository checks;
    private final RaisedAlertRepository raised;
    private final RaisedAlerts delivery;
    private final ProbeClient probes;
    private final IrConfig config;
    private final MonitorMetrics metrics;
    private final Vertx vertx;

    public CheckService(CheckRepository checks, RaisedAlertRepository raised, RaisedAlerts delivery,
                        ProbeClient probes, IrConfig config, MonitorMetrics metrics, Vertx vertx) {
        this.checks = checks;
        this.raised = raised;
        this.delivery = delivery;
        this.probes = probes;
        this.config = config;
        this.metrics = metrics;
        this.vertx = vertx;
    }

    /** Creates or replaces {@code name}; it is probed at the next tick. 400 problems name the fields. */
    public Uni<CheckRepository.Put> put(String name, String service, String url, String method, Integer expectedStatus,
                                        Integer intervalSeconds, Integer timeoutSeconds, Integer failuresBeforeAlert,
                                        String severity) {
        return Uni.createFrom().item(() -> CheckRules.define(name, service, url, method, expectedStatus,
                        intervalSeconds, timeoutSeconds, failuresBeforeAlert, severity))
                .chain(d -> checks.put(name, d))
                .invoke(p -> Log.infof("synthetic check %s %s (service %s, %s %s every %ds)", name,
                        p.created() ? "created" : "replaced", p.check().service(), p.check().method(),
                        CheckRules.display(p.check().url()), p.check().intervalSeconds()));
    }

    public Uni<Detail> get(String name) {
        return checks.find(name).onItem().ifNull().failWith(() -> notFound(name))
                .chain(c -> checks.results(name).map(results -> new Detail(c, results)));
    }

    public Uni<List<SyntheticCheck>> list() {
        return checks.list();
    }

    /** Deletes {@code name} and its results; its alert, if firing, resolves. */
    public Uni<Void> delete(String name) {
        String fingerprint = CheckRules.fingerprint(name);
        return checks.pool().withTransaction(conn -> checks.delete(conn, name)
                        .onItem().ifNull().failWith(() -> notFound(name))
                        .chain(() -> raised.resolve(conn, fingerprint)))
                .chain(resolved -> resolved ? delivery.deliverNow(fingerprint) : Uni.createFrom().item(0))
                .invoke(() -> Log.infof("synthetic check %s deleted", name))
                .replaceWithVoid();
    }

    /** Claims the due checks (each once across replicas). */
    public Uni<List<CheckRepository.Claim>> claimDue() {
        return checks.claimDue(config.detection().heartbeats().batchSize());
    }

    /**
     * The tick's step: claims the due checks and starts their probes without waiting for them, so a slow
     * probe never delays heartbeats or other checks. Emits how many started.
     */
    public Uni<Integer> startDue() {
        return claimDue().map(claims -> {
            for (CheckRepository.Claim claim : claims) {
                SafeContext.run(vertx, () -> probeAndRecord(claim)).subscribe().with(ignored -> {
                }, e -> Log.warnf("synthetic check %s: result not recorded: %s", claim.check().name(), e.getMessage()));
            }
            return claims.size();
        });
    }

    /** Probes {@code claim}'s check and records the result; emits it (null if the check changed meanwhile). */
    public Uni<CheckResult> probeAndRecord(CheckRepository.Claim claim) {
        SyntheticCheck c = claim.check();
        return probes.probe(c.method(), c.url(), c.timeoutSeconds())
                .map(r -> CheckRules.judge(claim.at(), c.expectedStatus(), r.status(), r.millis(), r.timedOut(),
                        c.timeoutSeconds(), r.failure()))
                .chain(result -> record(c, result));
    }

    private Uni<CheckResult> record(SyntheticCheck claimed, CheckResult result) {
        String fingerprint = CheckRules.fingerprint(claimed.name());
        int keep = config.detection().heartbeats().checkResultsKept();
        metrics.probed(result.passed());
        return checks.pool().withTransaction(conn -> checks.lockForResult(conn, claimed.name(), claimed.configVersion())
                        .chain(current -> {
                            if (current == null) {
                                // deleted or replaced while probing: the result belongs to a configuration gone
                                return Uni.createFrom().item(CheckRules.Transition.NONE);
                            }
                            CheckRules.Next next = CheckRules.next(current, result);
                            Uni<Void> stored = checks.record(conn, current.name(), result, next.consecutiveFailures(),
                                    next.alerting(), next.failingSince(), keep);
                            Uni<Void> alert = switch (next.transition()) {
                                case FIRE -> stored.chain(() -> raised.raise(conn, CheckRules.failed(current, result,
                                        next.consecutiveFailures(), next.failingSince())));
                                case RESOLVE -> stored.chain(() -> raised.resolve(conn, fingerprint)).replaceWithVoid();
                                case NONE -> stored;
                            };
                            return alert.invoke(() -> log(current, result, next)).replaceWith(next.transition());
                        }))
                .chain(t -> t == CheckRules.Transition.NONE ? Uni.createFrom().item(result)
                        : delivery.deliverNow(fingerprint).replaceWith(result));
    }

    private static void log(SyntheticCheck c, CheckResult r, CheckRules.Next next) {
        switch (next.transition()) {
            case FIRE -> Log.infof("synthetic check %s failed %d times in a row (%s): SyntheticCheckFailed raised",
                    c.name(), next.consecutiveFailures(), r.error());
            case RESOLVE -> Log.infof("synthetic check %s passes again: SyntheticCheckFailed resolves", c.name());
            case NONE -> Log.debugf("synthetic check %s: %s", c.name(), r.passed() ? "passed" : r.error());
        }
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("synthetic check " + name + " does not exist");
    }
}
