package io.irsuite.triage.service;

import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.outbox.Outbox;
import io.irsuite.platform.problem.NotFoundException;
import io.irsuite.triage.config.IrConfig;
import io.irsuite.triage.domain.AlertFacts;
import io.irsuite.triage.domain.ChangeEvent;
import io.irsuite.triage.domain.ChangeFacts;
import io.irsuite.triage.domain.EvidenceScope;
import io.irsuite.triage.domain.ImpactMetrics;
import io.irsuite.triage.domain.IncidentAlert;
import io.irsuite.triage.domain.PlannedAction;
import io.irsuite.triage.domain.RootCauseAnalysis;
import io.irsuite.triage.domain.Severity;
import io.irsuite.triage.domain.SeverityAssessment;
import io.irsuite.triage.domain.TriageEvidence;
import io.irsuite.triage.domain.TriageIncident;
import io.irsuite.triage.domain.TriageResult;
import io.irsuite.triage.repository.CatalogRepository;
import io.irsuite.triage.repository.ChangeRepository;
import io.irsuite.triage.repository.IncidentRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Triage itself: keeps each incident's alerts, and on every new alert (or a change that may explain
 * one) classifies severity, analyses the root cause with the current model, plans actions and emits
 * IncidentTriaged with the next version through the outbox, in the caller's transaction.
 * {@link IncidentEventHandler} hands it the alerts of incident events.
 */
@ApplicationScoped
public class TriageService {

    /** A change re-triages at most this many open incidents (a deploy of a shared dependency is not a storm). */
    static final int MAX_RETRIAGE_PER_CHANGE = 50;

    private final StoredJson stored;
    private final KnownAlerts known;
    private final Outbox outbox;
    private final TriageRules rules;
    private final IncidentRepository incidents;
    private final CatalogRepository catalog;
    private final ChangeRepository changes;
    private final LearningService learning;
    private final Duration changeWindow;
    private final Duration relatedAlertWindow;
    private final Duration minRetriageInterval;
    private final Duration retriageIntervalPerAlert;
    private final Duration maxRetriageInterval;
    private final Timer duration;
    private final Counter triaged;

    public TriageService(StoredJson stored, Outbox outbox, TriageRules rules, IncidentRepository incidents,
                         CatalogRepository catalog, ChangeRepository changes, LearningService learning, IrConfig config,
                         MeterRegistry registry, KnownAlerts known) {
        this.stored = stored;
        this.known = known;
        this.outbox = outbox;
        this.rules = rules;
        this.incidents = incidents;
        this.catalog = catalog;
        this.changes = changes;
        this.learning = learning;
        this.changeWindow = config.triage().changeWindow();
        this.minRetriageInterval = config.triage().minRetriageInterval();
        this.retriageIntervalPerAlert = config.triage().retriageIntervalPerAlert();
        this.maxRetriageInterval = config.triage().maxRetriageInterval();
        this.relatedAlertWindow = config.triage().relatedAlertWindow();
        this.duration = Timer.builder("ir.triage.duration").description("Time to triage an incident")
                .register(registry);
        this.triaged = Counter.builder("ir.incidents.triaged").description("Triage results emitted")
                .register(registry);
    }

    /**
     * A change was recorded: re-triages every open incident with an alert, on the changed service or on
     * a service that depends on it, that started within the change window after the change. Inside the
     * caller's transaction; returns the incidents re-triaged (the caller kicks the relay after commit).
     */
    public Uni<List<UUID>> retriageForChange(ChangeFacts change) {
        if (change.at() == null || change.service() == null) {
            return Uni.createFrom().item(List.of());
        }
        return catalog.graph().chain(graph -> {
            Set<String> affected = new TreeSet<>(graph.transitiveDependents(change.service()));
            affected.add(change.service());
            return incidents.openWithAlertsStarting(affected, change.at(), change.at().plus(changeWindow),
                    MAX_RETRIAGE_PER_CHANGE);
        }).chain(ids -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (UUID id : ids) {
                chain = chain.chain(() -> incidents.lock(id)).chain(incident -> incident == null
                        ? Uni.createFrom().voidItem() : retriage(incident).replaceWithVoid());
            }
            return chain.replaceWith(ids);
        });
    }

    /** The newest triage of the incident, or {@link NotFoundException}. */
    @WithSession
    public Uni<TriageResult> latest(UUID incidentId) {
        return incidents.latestResult(incidentId)
                .onItem().ifNull().failWith(() -> new NotFoundException("incident " + incidentId + " has not been triaged"));
    }

    /**
     * What a batch of incident events reads once, up front, in its transaction: the incidents (created
     * if new, row-locked) and their stored alerts. The events are then applied in order against it.
     */
    public static final class Prepared {

        private final Map<UUID, TriageIncident> incidents = new HashMap<>();
        private final Map<String, IncidentAlert> alerts = new HashMap<>();
        /**
         * Alerts new in this batch: not in the session, written together ({@link #writeNewAlerts}), not one statement
         * each; {@code unwritten} are those changed since they were last written.
         */
        private final Set<IncidentAlert> added = new HashSet<>();
        private final Set<IncidentAlert> unwritten = new LinkedHashSet<>();

        Prepared(List<TriageIncident> incidents, List<IncidentAlert> alerts) {
            incidents.forEach(i -> this.incidents.put(i.incidentId, i));
            alerts.forEach(this::stored);
        }

        private IncidentAlert alert(UUID incidentId, String key) {
            return alerts.get(incidentId + "/" + key);
        }

        private void stored(IncidentAlert row) {
            alerts.put(row.incidentId + "/" + row.alertKey, row);
        }

        /** {@code row} changed: a row of the session is written at the flush, one new in the batch by {@link #writeNewAlerts}. */
        private void changed(IncidentAlert row) {
            if (added.contains(row)) {
                unwritten.add(row);
            }
        }
    }

    /** Reads what the alert events of a batch need: {@code incidentIds} and their {@code alerts}. In a transaction. */
    public Uni<Prepared> prepare(Collection<UUID> incidentIds, Collection<Payloads.Alert> alerts) {
        Set<String> keys = new HashSet<>();
        alerts.forEach(a -> keys.add(alertKey(a)));
        return incidents.lockOrCreateAll(incidentIds).chain(locked -> incidents.findAlerts(incidentIds, keys)
                .map(rows -> new Prepared(locked, rows)));
    }

    /**
     * A new or updated alert of the incident (opened, attached, reopened): stores it and asks for a
     * re-triage, which {@link TriageWorker} computes right after the commit. A burst of alerts thus
     * yields one new version with all of them. The incident must be in {@code prepared}; inside its
     * transaction.
     */
    public Uni<Void> withNewAlert(Prepared prepared, UUID incidentId, String title, List<String> services,
                                  Payloads.Alert alert, boolean reopened) {
        TriageIncident incident = prepared.incidents.get(incidentId);
        if (services != null && !services.isEmpty()) {
            // an incident's services only grow; events applied out of order must not shrink them
            java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(incident.services);
            all.addAll(services);
            incident.services = new ArrayList<>(all);
        }
        if (title != null) {
            incident.title = title;
        }
        if (reopened) {
            incident.resolved = false;
        }
        incident.requestRetriage(Instant.now());
        return alert == null ? Uni.createFrom().voidItem() : upsertAlert(prepared, incidentId, alert);
    }

    /**
     * Stores the alert's latest version. Figures an update omits keep their last reported value: only a
     * figure reported lower may lower the severity.
     */
    private Uni<Void> upsertAlert(Prepared prepared, UUID incidentId, Payloads.Alert received) {
        String key = alertKey(received);
        IncidentAlert existing = prepared.alert(incidentId, key);
        Payloads.Alert alert = existing == null ? received
                : copy(received, received.status(), merge(stored.read(existing.body, Payloads.Alert.class).metrics(), received.metrics()));
        IncidentAlert row = existing != null ? existing : new IncidentAlert();
        row.service = alert.service();
        // Detection gives a re-fired alert a new id, so a firing event for an alert id already resolved
        // was overtaken by its resolution (the channel's copies run concurrently): it stays resolved.
        boolean overtaken = existing != null && IncidentAlert.RESOLVED.equals(existing.status)
                && received.alertId() != null;
        row.status = overtaken || IncidentAlert.RESOLVED.equalsIgnoreCase(alert.status())
                ? IncidentAlert.RESOLVED : IncidentAlert.FIRING;
        row.startsAt = alert.startsAt();
        row.body = stored.write(alert);
        row.lastSeenAt = Instant.now();
        if (existing == null) {
            row.id = UUID.randomUUID();
            row.incidentId = incidentId;
            row.alertKey = key;
            prepared.stored(row);
            prepared.added.add(row);
        }
        prepared.changed(row);
        return Uni.createFrom().voidItem();
    }

    /**
     * Writes the alerts new in the batch that changed since last written, in one statement: at the batch's end, and
     * before anything bulk-updates its incidents' alerts.
     */
    public Uni<Void> writeNewAlerts(Prepared prepared) {
        List<IncidentAlert> rows = List.copyOf(prepared.unwritten);
        prepared.unwritten.clear();
        return incidents.upsertAlerts(rows);
    }

    static Payloads.AlertMetrics merge(Payloads.AlertMetrics before, Payloads.AlertMetrics after) {
        if (before == null || after == null) {
            return after == null ? before : after;
        }
        ImpactMetrics m = impact(before).updatedBy(impact(after));
        return new Payloads.AlertMetrics(m.errorRate(), m.latencyP95Ms(), m.baselineP95Ms(), m.usersAffectedPct(),
                m.revenueImpactPerHour(), m.slaBreach(), m.dataLoss(), m.securityBreach());
    }

    private static ImpactMetrics impact(Payloads.AlertMetrics m) {
        return m == null ? ImpactMetrics.NONE : new ImpactMetrics(m.errorRate(), m.latencyP95Ms(), m.baselineP95Ms(),
                m.usersAffectedPct(), m.revenueImpactPerHour(), m.slaBreach(), m.dataLoss(), m.securityBreach());
    }

    /** The alert with another status and other figures. */
    private static Payloads.Alert copy(Payloads.Alert a, String status, Payloads.AlertMetrics metrics) {
        return new Payloads.Alert(a.alertId(), a.fingerprint(), a.source(), a.service(), a.name(), status,
                a.severity(), a.summary(), a.description(), a.labels(), a.startsAt(), a.endsAt(), metrics,
                a.runbookUrl(), a.dashboardUrl(), a.inhibitedBy());
    }

    /**
     * The alert stopped firing: it stops counting as evidence (no re-triage). The incident must be in
     * {@code prepared}; inside its transaction.
     */
    public Uni<Void> alertResolved(Prepared prepared, UUID incidentId, Payloads.Alert alert) {
        if (alert == null) {
            return Uni.createFrom().voidItem();
        }
        IncidentAlert row = prepared.alert(incidentId, alertKey(alert));
        if (row != null) {
            row.status = IncidentAlert.RESOLVED;
            row.lastSeenAt = Instant.now();
            prepared.changed(row);
            return Uni.createFrom().voidItem();
        }
        // the resolution overtook the alert's own event: remember it resolved, so that event cannot revive it
        return upsertAlert(prepared, incidentId, copy(alert, IncidentAlert.RESOLVED, alert.metrics()));
    }

    /**
     * The incident was resolved: every alert of it is resolved. Inside the caller's transaction. The row
     * is locked before it is changed: written from an unlocked read, it would put back the version a
     * triage committed in between, and the next triage would clash with its own earlier version.
     */
    public Uni<Void> incidentResolved(Prepared prepared, UUID incidentId) {
        // the lock first: every write of an incident's alerts holds it (what KnownAlerts relies on); the batch's new
        // alerts are written before the statement that resolves them, and resolved in memory too
        // (one the batch's alert events locked already is not locked again: Hibernate Reactive's lock upgrade of a
        // loaded row names the id property, not its column, and fails)
        TriageIncident held = prepared.incidents.get(incidentId);
        return (held != null ? Uni.createFrom().item(held) : incidents.lock(incidentId))
                .call(() -> writeNewAlerts(prepared))
                .call(incident -> incidents.resolveAll(incidentId))
                .invoke(() -> prepared.added.stream().filter(a -> a.incidentId.equals(incidentId))
                        .forEach(a -> a.status = IncidentAlert.RESOLVED))
                .invoke(incident -> {
                    known.forget(incidentId);
                    if (incident != null) {
                        incident.resolved = true;
                        incident.updatedAt = Instant.now();
                    }
                }).replaceWithVoid();
    }

    /**
     * Computes the triage of the next incident that asked for one (one never triaged first, else the
     * longest waiting; with {@code firstOnly} only one never triaged), with all the evidence stored so far, in
     * its own transaction (so that the incident's row is locked only while this one is computed); incidents
     * another worker holds are skipped. Whether there was one.
     */
    @WithTransaction
    public Uni<Boolean> triageNextRequested(AtomicReference<UUID> attempted, boolean firstOnly) {
        return incidents.lockRetriageRequested(1, Instant.now(), firstOnly)
                .chain(due -> {
                    if (due.isEmpty()) {
                        return Uni.createFrom().item(false);
                    }
                    attempted.set(due.get(0).incidentId);
                    return learning.knowledge().chain(knowledge -> retriage(due.get(0), knowledge, Timer.start(),
                            Instant.now()));
                });
    }

    /**
     * A triage of the incident failed: its ask goes to the back of the queue and waits the minimum
     * interval, so that one incident that cannot be triaged does not hold up all the others.
     */
    @WithTransaction
    public Uni<Void> postpone(UUID incidentId) {
        Instant now = Instant.now();
        return incidents.postpone(incidentId, now, now.plus(minRetriageInterval));
    }

    /** Runs the rules over everything known about the incident and emits the next version. */
    private Uni<Boolean> retriage(TriageIncident incident) {
        Timer.Sample sample = Timer.start();
        Instant now = Instant.now();
        return learning.knowledge().chain(knowledge -> retriage(incident, knowledge, sample, now));
    }

    private Uni<Boolean> retriage(TriageIncident incident, Knowledge knowledge, Timer.Sample sample, Instant now) {
        List<AlertFacts> severityInputs = new ArrayList<>();
        return known.of(incident.incidentId).chain(read -> catalog.graph().chain(graph -> {
            List<AlertFacts> alerts = new ArrayList<>(read.size());
            for (KnownAlerts.Known alert : read) {
                alerts.add(alert.facts());
                // an inhibited alert is evidence of its inhibitor's failure, never a reason to raise the severity
                if (!alert.inhibited()) {
                    severityInputs.add(alert.facts());
                }
            }
            EvidenceScope scope = EvidenceScope.of(alerts, incident.services, graph, changeWindow, now);
            // other incidents' alerts only when configured: by default grouping decides what belongs together
            Uni<List<IncidentAlert>> elsewhere = relatedAlertWindow.isZero() ? Uni.createFrom().item(List.of())
                    : incidents.firingElsewhere(scope.dependencies(), incident.incidentId, now.minus(relatedAlertWindow));
            return elsewhere
                    .chain(related -> changes.between(scope.services(), scope.from(), scope.to())
                            .map(found -> new TriageEvidence(alerts, related.stream().map(this::facts).toList(),
                                    incident.services, graph, found.stream().map(ChangeEvent::facts).toList(), now,
                                    knowledge.history())));
        })).chain(evidence -> {
            SeverityAssessment severity = rules.classifier().reclassify(
                    incident.severity == null ? null : Severity.valueOf(incident.severity),
                    severityInputs.stream().map(AlertFacts::metrics).toList(),
                    severityInputs.stream().map(AlertFacts::severity).toList());
            RootCauseAnalysis analysis = rules.analyzer().withWeights(knowledge.weights()).analyze(evidence);
            List<PlannedAction> actions = rules.planner().plan(analysis.rootCause(), knowledge.outcomes());
            int version = incident.version + 1;
            Payloads.IncidentTriaged payload = new Payloads.IncidentTriaged(version, severity.severity().name(),
                    severity.reasons(),
                    new Payloads.RootCause(analysis.rootCause().service(), analysis.rootCause().category().wire(),
                            analysis.rootCause().confidence(), analysis.rootCause().evidence()),
                    analysis.candidates().stream()
                            .map(c -> new Payloads.Candidate(c.service(), c.category().wire(), c.score())).toList(),
                    analysis.blastRadius().services(),
                    actions.stream().map(a -> new Payloads.RecommendedAction(a.action().wire(), a.target(),
                            a.confidence(), a.autoEligible(), a.reason())).toList(),
                    !actions.isEmpty() && actions.get(0).autoEligible());
            incident.version = version;
            // this version has every alert stored so far: whatever asked for a triage is answered
            incident.retriageRequestedAt = null;
            incident.lastTriagedAt = now;
            incident.retriageNotBefore = now.plus(retriagePace(evidence.alerts().size(), minRetriageInterval,
                    retriageIntervalPerAlert, maxRetriageInterval));
            incident.severity = severity.severity().name();
            incident.updatedAt = now;
            TriageResult result = new TriageResult();
            result.id = UUID.randomUUID();
            result.incidentId = incident.incidentId;
            result.version = version;
            result.severity = payload.severity();
            result.autoRemediate = payload.autoRemediate();
            result.body = stored.write(payload);
            result.analysis = stored.write(StoredAnalysis.of(knowledge.version(), analysis, evidence.alerts().size()));
            result.triagedAt = now;
            return result.persist()
                    .chain(() -> outbox.add(EventType.IncidentTriaged, incident.incidentId, payload))
                    .invoke(() -> {
                        sample.stop(duration);
                        triaged.increment();
                        Log.infof("triaged incident %s v%d (model v%d): %s, root cause %s on %s (%.2f), first action %s",
                                incident.incidentId, version, knowledge.version(), payload.severity(), payload.rootCause().category(),
                                payload.rootCause().service(), payload.rootCause().confidence(),
                                actions.isEmpty() ? "none" : actions.get(0).action().wire());
                    })
                    .replaceWith(true);
        });
    }

    /** How long after a triage that read {@code alerts} alerts the next one waits: per alert, within [min, max]. */
    static Duration retriagePace(int alerts, Duration min, Duration perAlert, Duration max) {
        Duration paced = perAlert.multipliedBy(Math.max(0, alerts));
        return paced.compareTo(min) < 0 ? min : paced.compareTo(max) > 0 ? max : paced;
    }

    private AlertFacts facts(IncidentAlert row) {
        return facts(row, stored.read(row.body, Payloads.Alert.class));
    }

    static AlertFacts facts(IncidentAlert row, Payloads.Alert alert) {
        ImpactMetrics metrics = impact(alert.metrics());
        return new AlertFacts(row.incidentId.toString(), row.service, alert.name(), alert.summary(),
                alert.description(), row.startsAt, IncidentAlert.FIRING.equals(row.status), metrics, alert.labels(),
                Severity.fromHint(alert.severity()));
    }

    /** What identifies an alert across events: its id, else its fingerprint, else service and name. */
    static String alertKey(Payloads.Alert alert) {
        if (alert.alertId() != null) {
            return alert.alertId().toString();
        }
        if (alert.fingerprint() != null && !alert.fingerprint().isBlank()) {
            return "fp:" + alert.fingerprint();
        }
        return "name:" + alert.service() + "/" + alert.name();
    }
}
