package io.irsuite.detection.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.detection.config.IrConfig;
import io.irsuite.detection.domain.Alert;
import io.irsuite.detection.domain.AlertInput;
import io.irsuite.detection.domain.AlertLabels;
import io.irsuite.detection.domain.AlertRules;
import io.irsuite.detection.domain.AlertStatus;
import io.irsuite.detection.domain.DedupRules;
import io.irsuite.detection.domain.Durations;
import io.irsuite.platform.problem.FieldError;
import io.irsuite.platform.problem.JsonPaths;
import io.irsuite.detection.domain.Incident;
import io.irsuite.detection.domain.IncidentLifecycle;
import io.irsuite.detection.domain.IncidentStatus;
import io.irsuite.detection.domain.Inhibition;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.detection.domain.NormalizedAlert;
import io.irsuite.detection.domain.Severity;
import io.irsuite.platform.outbox.Outbox;
import io.irsuite.platform.outbox.OutboxRelay;
import io.irsuite.detection.repository.AlertRepository;
import io.irsuite.detection.repository.GroupingLocks;
import io.irsuite.detection.repository.IncidentRepository;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The one ingest path of HTTP, Alertmanager and AMQP alerts: validate and normalise, then in one
 * transaction dedup by fingerprint, group into incidents and write the events to the outbox.
 * The returned result is only emitted after the commit ("accepted means durable").
 */
@ApplicationScoped
public class AlertIngestService {

    public static final String SOURCE_HTTP = "http";
    public static final String SOURCE_ALERTMANAGER = "alertmanager";
    public static final String SOURCE_AMQP = "amqp";

    /** Alertmanager's zero time: "no end time". */
    static final Instant ALERTMANAGER_UNSET = Instant.parse("0001-01-01T00:00:00Z");

    private record Stored(IngestResult.Outcome outcome, boolean openedIncident) {
    }

    private final ObjectMapper mapper;
    private final IrConfig config;
    private final AlertRepository alerts;
    private final IncidentRepository incidents;
    private final GroupingLocks locks;
    private final GroupingStrategy grouping;
    private final LifecycleService lifecycle;
    private final AlertPayloads payloads;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final DetectionMetrics metrics;
    private final IngestBatcher batcher;
    private final GroupingWorker worker;
    private final Silences silences;
    private final InhibitRules inhibitRules;

    public AlertIngestService(ObjectMapper mapper, IrConfig config, AlertRepository alerts,
                              IncidentRepository incidents, GroupingLocks locks, GroupingStrategy grouping,
                              LifecycleService lifecycle, AlertPayloads payloads, Outbox outbox,
                              OutboxRelay relay, DetectionMetrics metrics, IngestBatcher batcher,
                              GroupingWorker worker, Silences silences, InhibitRules inhibitRules) {
        this.inhibitRules = inhibitRules;
        this.silences = silences;
        this.mapper = mapper;
        this.config = config;
        this.alerts = alerts;
        this.incidents = incidents;
        this.locks = locks;
        this.grouping = grouping;
        this.lifecycle = lifecycle;
        this.payloads = payloads;
        this.outbox = outbox;
        this.relay = relay;
        this.metrics = metrics;
        this.batcher = batcher;
        this.worker = worker;
    }

    /** One alert object or an array of them (the body of {@code POST /api/v1/alerts} or an AMQP message). */
    public Uni<IngestResult> ingest(JsonNode body, String source) {
        List<NormalizedAlert> normalized;
        try {
            normalized = parse(body, Clock.now());
        } catch (InvalidInputException e) {
            metrics.alertRejected(source);
            return Uni.createFrom().failure(e);
        }
        return ingestNormalized(normalized, source);
    }

    /** An Alertmanager webhook (version 4). */
    public Uni<IngestResult> ingestAlertmanager(AlertmanagerWebhook hook) {
        List<NormalizedAlert> normalized;
        try {
            normalized = fromAlertmanager(hook, Clock.now());
        } catch (InvalidInputException e) {
            metrics.alertRejected(SOURCE_ALERTMANAGER);
            return Uni.createFrom().failure(e);
        }
        return ingestNormalized(normalized, SOURCE_ALERTMANAGER);
    }

    // ---- validation ----------------------------------------------------------------------------

    List<NormalizedAlert> parse(JsonNode body, Instant now) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw InvalidInputException.of("", "a JSON alert object or array of alerts is required");
        }
        if (body.isObject()) {
            return List.of(parseOne(body, now));
        }
        if (!body.isArray()) {
            throw InvalidInputException.of("", "must be an alert object or an array of alerts");
        }
        if (body.isEmpty()) {
            throw InvalidInputException.of("", "the array of alerts is empty");
        }
        List<NormalizedAlert> out = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            String prefix = "[" + i + "]";
            try {
                if (!body.get(i).isObject()) {
                    throw InvalidInputException.of("", "must be an alert object");
                }
                out.add(parseOne(body.get(i), now));
            } catch (InvalidInputException e) {
                e.errors().forEach(err -> errors.add(err.under(prefix)));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(InvalidInputException.summary(errors), errors);
        }
        return out;
    }

    private NormalizedAlert parseOne(JsonNode node, Instant now) {
        AlertInput input;
        try {
            input = mapper.treeToValue(node, AlertInput.class);
        } catch (JsonMappingException e) {
            FieldError error = JsonPaths.fieldError(e);
            throw new InvalidInputException(List.of(error));
        } catch (JsonProcessingException e) {
            throw InvalidInputException.of("", "cannot be read as an alert");
        }
        JsonNode metricsNode = node.get("metrics");
        String metricsJson = metricsNode == null || metricsNode.isNull() ? null : metricsNode.toString();
        return AlertRules.normalize(input, metricsJson, now);
    }

    /** Alertmanager's labels and annotations mapped onto our alert; errors name the webhook's fields. */
    List<NormalizedAlert> fromAlertmanager(AlertmanagerWebhook hook, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (!"4".equals(hook.version())) {
            errors.add(new FieldError("version", "only version 4 of the webhook is supported"));
        }
        List<NormalizedAlert> out = new ArrayList<>();
        for (int i = 0; i < hook.alerts().size(); i++) {
            AlertmanagerWebhook.AmAlert am = hook.alerts().get(i);
            String prefix = "alerts[" + i + "]";
            Map<String, String> labels = am.labels() == null ? Map.of() : am.labels();
            Map<String, String> annotations = am.annotations() == null ? Map.of() : am.annotations();
            String service = firstNonBlank(labels.get("service"), labels.get("job"));
            if (service == null) {
                errors.add(new FieldError(prefix + ".labels.service", "is required (labels.service or labels.job)"));
                continue;
            }
            Instant endsAt = am.endsAt() == null || !am.endsAt().isAfter(ALERTMANAGER_UNSET) ? null : am.endsAt();
            String status = am.status() != null ? am.status() : hook.status();
            // Alertmanager's severity label is free-form (page, ticket, error ...): one we do not know is no
            // hint, not a 400, because Alertmanager would retry the whole group forever. The label is kept.
            String severityHint = Severity.parse(labels.get("severity")).isPresent() ? labels.get("severity") : null;
            AlertInput input = new AlertInput(SOURCE_ALERTMANAGER, service, labels.get("alertname"), status,
                    severityHint, annotations.get("summary"), annotations.get("description"), labels,
                    am.startsAt(), endsAt, blankToNull(am.fingerprint()), null,
                    annotations.get("runbook_url"),
                    firstNonBlank(annotations.get("dashboard_url"), am.generatorURL()));
            try {
                out.add(AlertRules.normalize(input, null, now));
            } catch (InvalidInputException e) {
                e.errors().forEach(err -> errors.add(new FieldError(alertmanagerField(err.field()), err.message())
                        .under(prefix)));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(InvalidInputException.summary(errors), errors);
        }
        return out;
    }

    private static String alertmanagerField(String field) {
        return switch (field) {
            case "service" -> "labels.service";
            case "name" -> "labels.alertname";
            case "severity" -> "labels.severity";
            default -> field;
        };
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    // ---- storage -------------------------------------------------------------------------------

    /**
     * The batched fast path first (new firing alerts and repeats of firing ones, group-committed with
     * concurrent requests); what it leaves goes through the per-alert path, in order. Both have
     * committed before the result is emitted. New alerts are grouped by the {@link GroupingWorker}
     * right after, so their outcome names no incident yet. Every entry point (HTTP, Alertmanager, AMQP,
     * and the alerts detection raises itself) ends here once its input is validated and normalised;
     * {@code source} labels the metrics.
     */
    public Uni<IngestResult> ingestNormalized(List<NormalizedAlert> normalized, String source) {
        return batcher.submit(normalized).chain(fast -> {
            List<NormalizedAlert> rest = new ArrayList<>();
            for (int i = 0; i < normalized.size(); i++) {
                if (!fast.get(i).handled()) {
                    rest.add(normalized.get(i));
                }
            }
            Uni<List<Stored>> slow = rest.isEmpty() ? Uni.createFrom().item(List.of()) : storeAll(rest);
            return slow.map(stored -> {
                if (!rest.isEmpty()) {
                    batcher.changed(rest);   // before the answer: a repeat after it must not be answered from memory
                    relay.kick();
                }
                List<IngestResult.Outcome> outcomes = new ArrayList<>();
                int next = 0;
                Set<String> ungrouped = null;   // services of new alerts; most requests are repeats and have none
                for (int i = 0; i < fast.size(); i++) {
                    IngestBatcher.Result r = fast.get(i);
                    Stored s = r.handled() ? new Stored(r.outcome(), false) : stored.get(next++);
                    metrics.alertReceived(source, s.outcome().outcome());
                    if (s.openedIncident()) {
                        metrics.incidentOpened();
                    }
                    if (r.handled() && IngestResult.NEW.equals(r.outcome().outcome())) {
                        if (ungrouped == null) {
                            ungrouped = new HashSet<>();
                        }
                        ungrouped.add(normalized.get(i).service());
                    }
                    outcomes.add(s.outcome());
                }
                if (ungrouped != null) {
                    worker.kick(ungrouped);
                }
                return new IngestResult(outcomes);
            });
        });
    }

    /** One transaction for the whole batch; alerts are applied in order. */
    @WithTransaction
    Uni<List<Stored>> storeAll(List<NormalizedAlert> normalized) {
        Set<String> keys = new HashSet<>();
        normalized.forEach(a -> keys.addAll(grouping.lockKeys(a)));
        Instant now = Clock.now();
        // a batch that may group takes the decisions lock up front (in prepare), after the service rows and
        // before any incident row (a duplicate locks its incident): the one lock order that cannot deadlock
        List<NormalizedAlert> firing = normalized.stream().filter(a -> a.status() != AlertStatus.RESOLVED).toList();
        GroupingEvents events = new GroupingEvents(outbox, alerts);
        return locks.lock(keys)
                .chain(() -> firing.isEmpty() ? Uni.createFrom().<GroupingStrategy.Decisions>nullItem()
                        : grouping.prepare(firing))
                .chain(decisions -> Multi.createFrom().iterable(normalized)
                        .onItem().transformToUniAndConcatenate(a -> storeOne(a, decisions, events, now).call(alerts::flush))
                        .collect().asList())
                .call(events::flushAll);
    }

    /** {@code decisions} is null when the batch has no firing alert. */
    private Uni<Stored> storeOne(NormalizedAlert alert, GroupingStrategy.Decisions decisions, GroupingEvents events,
                                 Instant now) {
        return alerts.findActiveForUpdate(alert.fingerprint()).chain(active ->
                alert.status() == AlertStatus.RESOLVED ? resolveAlert(alert, active, events, now)
                        : fireAlert(alert, active, decisions, events, now));
    }

    private Uni<Stored> resolveAlert(NormalizedAlert alert, Alert active, GroupingEvents events, Instant now) {
        if (active == null) {
            return Uni.createFrom().item(new Stored(
                    new IngestResult.Outcome(alert.fingerprint(), IngestResult.RESOLVED, null), false));
        }
        Stored stored = new Stored(
                new IngestResult.Outcome(alert.fingerprint(), IngestResult.RESOLVED, active.incidentId), false);
        // not grouped yet: the grouping worker applies the resolution when it groups the alert
        if (!active.resolve(alert.endsAt(), now) || active.incidentId == null) {
            return Uni.createFrom().item(stored);
        }
        return incidents.findForUpdate(active.incidentId).chain(incident -> {
            incident.alertResolved(now);
            // the incident resolves once every alert stayed resolved for the stabilisation window
            return events.add(EventType.AlertResolved, incident.id,
                    new Payloads.AlertResolved(payloads.payload(active), incident.firingCount)).replaceWith(stored);
        });
    }

    /**
     * A firing alert the fast path left: never seen, a repeat of a resolved alert, or one of a resolved
     * incident. Within the dedup cooldown the same fingerprint is the same alert; a resolved incident
     * reopens within the reopen window, and after it the alert opens (or joins) another incident.
     */
    private Uni<Stored> fireAlert(NormalizedAlert alert, Alert active, GroupingStrategy.Decisions decisions,
                                  GroupingEvents events, Instant now) {
        if (active == null || active.incidentId == null) {
            if (active != null && sameAlert(active, now)) {
                // not grouped yet (the grouping worker groups it as it is now), or muted
                active.seenAgain(now);
                return Uni.createFrom().item(outcome(alert, active.silenced ? IngestResult.SILENCED
                        : IngestResult.DUPLICATE, null));
            }
            return fresh(alert, active, decisions, events, now);
        }
        return incidents.findForUpdate(active.incidentId).chain(incident -> {
            if (incident.isResolved()) {
                // a silence keeps it from reopening too
                return IncidentLifecycle.reopens(incident.status, incident.resolvedAt, incident.mergedInto != null,
                        now, config.detection().reopenWindow()) && silences.silencing(alert, now) == null
                        ? reopen(incident, alert, active, decisions, events, now)
                        : fresh(alert, active, decisions, events, now);
            }
            if (!sameAlert(active, now)) {
                return fresh(alert, active, decisions, events, now);
            }
            if (active.seenAgain(now)) {
                incident.alertRefired(now);
            }
            return Uni.createFrom().item(outcome(alert, IngestResult.DUPLICATE, incident.id));
        });
    }

    private boolean sameAlert(Alert active, Instant now) {
        return DedupRules.isDuplicate(active.isFiring(), active.lastSeenAt, now, config.detection().dedupCooldown());
    }

    private static Stored outcome(NormalizedAlert alert, String outcome, UUID incidentId) {
        return new Stored(new IngestResult.Outcome(alert.fingerprint(), outcome, incidentId), false);
    }

    /**
     * A new row for the fingerprint (the old one, if any, stays as history): muted if a silence matches,
     * else grouped as decided.
     */
    private Uni<Stored> fresh(NormalizedAlert alert, Alert active, GroupingStrategy.Decisions decisions,
                              GroupingEvents events, Instant now) {
        Uni<Void> retire = Uni.createFrom().voidItem();
        if (active != null) {
            active.active = false;
            retire = alerts.flush();
        }
        Alert row = payloads.newRow(alert, null, now);
        UUID silence = silences.silencing(alert, now);
        if (silence != null) {
            row.silenced = true;
            row.silencedBy = silence;
            return retire.chain(row::persist).replaceWith(outcome(alert, IngestResult.SILENCED, null));
        }
        return retire.chain(() -> group(decisions.decide(alert), decisions, events, row, true, alert, now));
    }

    /**
     * The alert of a recently resolved incident fires again: the incident is REOPENED (IncidentReopened,
     * which triage and remediation take up) and counts the alert as firing: the same row within the
     * dedup cooldown, else a new row attached to it.
     */
    private Uni<Stored> reopen(Incident incident, NormalizedAlert alert, Alert active,
                               GroupingStrategy.Decisions decisions, GroupingEvents events, Instant now) {
        String reason = alert.name() + " on " + alert.service() + " fired again "
                + Durations.human(Duration.between(incident.resolvedAt, now).truncatedTo(ChronoUnit.SECONDS))
                + " after the incident resolved";
        incident.reopen(reason, now);
        Log.infof("incident %s reopened: %s", incident.id, reason);
        if (sameAlert(active, now)) {
            // a row still firing belongs to a resolution from before alerts were closed with it
            if (active.seenAgain(now) || incident.firingCount == 0) {
                incident.alertRefired(now);
            }
            decisions.joined(incident, alert);
            return events.add(EventType.IncidentReopened, incident.id,
                            new Payloads.IncidentReopened(reason, payloads.payload(active)))
                    .replaceWith(outcome(alert, IngestResult.DUPLICATE, incident.id));
        }
        active.active = false;
        Alert row = payloads.newRow(alert, null, now);
        return alerts.flush()
                .chain(() -> events.add(EventType.IncidentReopened, incident.id,
                        new Payloads.IncidentReopened(reason, payloads.payload(row))))
                .chain(() -> attach(incident, row, true, alert, decisions, events, now, "reopened its incident: " + reason));
    }

    /**
     * Puts {@code row} (new, or stored by the fast path) where grouping decided; an inhibited alert joins
     * its inhibitor's incident as evidence (outcome {@code inhibited}).
     */
    private Uni<Stored> group(GroupingStrategy.Grouping g, GroupingStrategy.Decisions decisions, GroupingEvents events,
                              Alert row, boolean fresh, NormalizedAlert alert, Instant now) {
        if (g.inhibitedBy() != null) {
            row.inhibitedBy = g.inhibitedBy().describe();
            row.inhibitRule = g.inhibitedBy().rule();
            metrics.alertInhibited(g.inhibitedBy().rule());
            return mergeAll(g.target(), g.merged(), g.reason(), events, now)
                    .chain(() -> attach(g.target(), row, fresh, alert, decisions, events, now, g.reason()))
                    .map(s -> outcome(alert, IngestResult.INHIBITED, g.target().id));
        }
        return g.target() == null
                ? open(row, fresh, alert, decisions, events, now, "opened a new incident: " + g.reason())
                : mergeAll(g.target(), g.merged(), g.reason(), events, now)
                        .chain(() -> attach(g.target(), row, fresh, alert, decisions, events, now, g.reason()));
    }

    private Uni<Stored> open(Alert row, boolean fresh, NormalizedAlert alert, GroupingStrategy.Decisions decisions,
                             GroupingEvents events, Instant now, String reason) {
        Incident incident = Incident.open(alert, now);
        decisions.joined(incident, alert);
        row.incidentId = incident.id;
        row.groupingReason = reason;
        return incident.persist()
                .chain(() -> stored(row, fresh, events))
                .chain(() -> events.add(EventType.IncidentOpened, incident.id, new Payloads.IncidentOpened(
                        incident.title, incident.status.name(), incident.severity.name(),
                        List.of(incident.services), incident.startedAt, incident.detectedAt, payloads.payload(row))).replaceWithVoid())
                .replaceWith(new Stored(new IngestResult.Outcome(alert.fingerprint(), IngestResult.NEW, incident.id), true));
    }

    private Uni<Stored> attach(Incident incident, Alert row, boolean fresh, NormalizedAlert alert,
                               GroupingStrategy.Decisions decisions, GroupingEvents events, Instant now, String reason) {
        if (row.inhibitedBy != null) {
            incident.attachInhibited(Inhibition.TOPOLOGY.equals(row.inhibitRule) ? alert.service() : null, now);
        } else {
            incident.attach(alert, now);
        }
        decisions.joined(incident, alert);
        row.incidentId = incident.id;
        row.groupingReason = reason;
        events.attached(incident, payloads.payload(row));
        return stored(row, fresh, events)
                .replaceWith(new Stored(new IngestResult.Outcome(alert.fingerprint(), IngestResult.NEW, incident.id), false));
    }

    /** Stores a {@code fresh} row; a row the grouping worker loaded is written with the others of its run. */
    private static Uni<Alert> stored(Alert row, boolean fresh, GroupingEvents events) {
        if (fresh) {
            return row.persist();
        }
        events.grouped(row);
        return Uni.createFrom().item(row);
    }

    /** Merges each of {@code merged} into {@code target}, one after the other. */
    private Uni<Void> mergeAll(Incident target, List<Incident> merged, String reason, GroupingEvents events,
                               Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Incident other : merged) {
            chain = chain.chain(() -> merge(target, other, reason, events, now));
        }
        return chain;
    }

    /**
     * {@code other} is part of {@code target}'s failure: its alerts move to {@code target}
     * (AlertAttached), it records where it went (IncidentMerged) and is resolved
     * (IncidentResolved, reason "merged into <id>"), so that every consumer follows.
     */
    private Uni<Void> merge(Incident target, Incident other, String reason, GroupingEvents events, Instant now) {
        String why = "merged into " + target.id;
        // what this batch attached to {@code other} so far must be written before the query reads its alerts,
        // and told before {@code other}'s merge
        return alerts.flush().chain(events::writeGrouped).chain(() -> events.flush(other.id)).chain(() -> alerts.byIncident(other.id)).chain(moved -> {
            target.absorb(other, now);
            for (Alert a : moved) {
                a.incidentId = target.id;
                a.groupingReason = (a.groupingReason == null ? "" : a.groupingReason + "; ")
                        + "moved from incident " + other.id + ": " + reason;
                events.attached(target, payloads.payload(a));
            }
            List<java.util.UUID> ids = moved.stream().map(a -> a.id).toList();
            List<String> otherServices = List.of(other.services);
            return events.add(EventType.IncidentMerged, other.id,
                            new Payloads.IncidentMerged(target.id, ids, otherServices, reason))
                    .chain(() -> lifecycle.resolve(other, LifecycleService.BY_DETECTION, null, why, now));
        });
    }

    // ---- grouping of alerts stored by the fast path ----------------------------------------------

    /**
     * Groups up to {@code limit} stored alerts that have no incident yet, oldest first, in one
     * transaction under the grouping-decisions lock (so replicas decide one after the other): one query
     * for the open incidents near all of them, then the decisions in memory, and the writes in one flush
     * at the commit. An alert that resolved before it was grouped is grouped, then resolved, so the
     * incident tells both. Returns how many were grouped.
     */
    @WithTransaction
    public Uni<Integer> groupPending(int limit) {
        Instant now = Clock.now();
        return locks.lockGroupingDecisions()
                .chain(() -> alerts.ungroupedForUpdate(limit))
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    // alerts that may inhibit others go first, so that a cause inhibits its symptoms stored with it
                    List<Alert> ordered = new ArrayList<>();
                    List<NormalizedAlert> normalized = new ArrayList<>();
                    List<Alert> later = new ArrayList<>();
                    List<NormalizedAlert> laterNormalized = new ArrayList<>();
                    for (Alert row : rows) {
                        NormalizedAlert n = payloads.normalized(row);
                        boolean first = Inhibition.mayInhibit(AlertLabels.of(n), inhibitRules.rules(),
                                inhibitRules.topologyHops().isPresent());
                        (first ? ordered : later).add(row);
                        (first ? normalized : laterNormalized).add(n);
                    }
                    ordered.addAll(later);
                    normalized.addAll(laterNormalized);
                    GroupingEvents events = new GroupingEvents(outbox, alerts);
                    return grouping.prepare(normalized).chain(decisions -> Multi.createFrom().range(0, ordered.size())
                            .onItem().transformToUniAndConcatenate(i ->
                                    groupStored(ordered.get(i), normalized.get(i), decisions, events, now))
                            .collect().asList()
                            .call(events::flushAll)
                            // each step is a Uni<Void>: the list holds no item, the run grouped them all
                            .replaceWith(ordered.size()));
                });
    }

    private Uni<Void> groupStored(Alert row, NormalizedAlert alert, GroupingStrategy.Decisions decisions,
                                  GroupingEvents events, Instant now) {
        return group(decisions.decide(alert), decisions, events, row, false, alert, now)
                .invoke(stored -> {
                    if (stored.openedIncident()) {
                        metrics.incidentOpened();
                    }
                })
                .chain(stored -> {
                    if (row.isFiring()) {
                        return Uni.createFrom().voidItem();
                    }
                    // already in this session: no query
                    return Incident.<Incident>findById(row.incidentId).chain(incident -> {
                        incident.alertResolved(now);
                        return events.add(EventType.AlertResolved, incident.id,
                                new Payloads.AlertResolved(payloads.payload(row), incident.firingCount));
                    });
                });
    }
}
