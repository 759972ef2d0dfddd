package io.irsuite.detection.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.detection.config.IrConfig;
import io.irsuite.detection.domain.Incident;
import io.irsuite.detection.domain.IncidentLifecycle;
import io.irsuite.detection.domain.IncidentStatus;
import io.irsuite.detection.domain.Severity;
import io.irsuite.platform.outbox.Outbox;
import io.irsuite.detection.repository.IncidentRepository;
import io.irsuite.platform.inbox.Inbox;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.events.Subscriptions;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The incident lifecycle: transitions driven by other services' events, by people and by time. */
@ApplicationScoped
public class LifecycleService {

    public static final String BY_DETECTION = "detection";
    private static final int AUTO_RESOLVE_BATCH = 50;

    private final IncidentRepository incidents;
    private final Inbox processed;
    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final IrConfig config;

    public LifecycleService(IncidentRepository incidents, Inbox processed, Outbox outbox,
                            ObjectMapper mapper, IrConfig config) {
        this.incidents = incidents;
        this.processed = processed;
        this.outbox = outbox;
        this.mapper = mapper;
        this.config = config;
    }

    /**
     * Applies one lifecycle event of {@code type} that names an incident (what {@link IncidentEventHandler}
     * lets through) exactly once: the event id is recorded in the same transaction as the effect. Returns
     * true when the event was new (the caller kicks the relay).
     */
    @WithTransaction
    public Uni<Boolean> apply(EventEnvelope envelope, EventType type) {
        return processed.markProcessed(envelope.eventId(), envelope.type()).chain(fresh -> {
            if (!fresh) {
                Log.debugf("event %s (%s) already processed", envelope.eventId(), envelope.type());
                return Uni.createFrom().item(false);
            }
            return incidents.findForUpdate(envelope.incidentId()).chain(incident -> {
                if (incident == null) {
                    Log.debugf("%s %s for unknown incident %s; ignored", envelope.type(), envelope.eventId(),
                            envelope.incidentId());
                    return Uni.createFrom().item(false);
                }
                return dispatch(type, envelope, incident, Clock.now()).replaceWith(true);
            });
        });
    }

    /** The event types that change an incident's lifecycle; detection does nothing with the others. */
    public static boolean isLifecycleEvent(EventType type) {
        return Subscriptions.DETECTION.contains(type);
    }

    private Uni<Void> dispatch(EventType type, EventEnvelope envelope, Incident incident, Instant now) {
        return switch (type) {
            case IncidentTriaged -> onTriaged(incident, payload(envelope, Payloads.IncidentTriaged.class), now);
            case RemediationStarted -> {
                Payloads.RemediationStarted p = payload(envelope, Payloads.RemediationStarted.class);
                if (p.isDryRun()) {
                    Log.infof("incident %s: dry run of %s on %s started; status stays %s", incident.id, p.action(),
                            p.target(), incident.status);
                }
                yield transition(incident, IncidentLifecycle.afterRemediationStarted(incident.status, p.isDryRun()),
                        "remediation started: " + p.action() + " on " + p.target(), "remediation", now);
            }
            case RemediationSucceeded -> onRemediationSucceeded(incident,
                    payload(envelope, Payloads.RemediationSucceeded.class), now);
            case RemediationFailed -> {
                Payloads.RemediationFailed p = payload(envelope, Payloads.RemediationFailed.class);
                yield transition(incident, IncidentLifecycle.afterRemediationFailed(incident.status),
                        "remediation failed: " + p.error(), "remediation", now);
            }
            case RemediationRolledBack -> {
                Payloads.RemediationRolledBack p = payload(envelope, Payloads.RemediationRolledBack.class);
                yield transition(incident, IncidentLifecycle.afterRemediationFailed(incident.status),
                        "remediation rolled back: " + p.reason(), "remediation", now);
            }
            case PageAcknowledged -> onPageAcknowledged(incident, payload(envelope, Payloads.PageAcknowledged.class), now);
            default -> Uni.createFrom().voidItem();
        };
    }

    /**
     * A page acknowledged through comms' one-time link: the same as {@code POST /acknowledge} by the paged person
     * (acknowledgedAt once, then IncidentAcknowledged), at the click's time; a resolved or already acknowledged
     * incident is left as it is and nothing is emitted.
     */
    private Uni<Void> onPageAcknowledged(Incident incident, Payloads.PageAcknowledged p, Instant now) {
        String by = p.by() == null || p.by().isBlank() ? "page acknowledge link" : p.by();
        if (incident.isResolved() || incident.acknowledgedAt != null) {
            Log.debugf("incident %s: page %s acknowledged by %s; incident already %s", incident.id, p.pageId(), by,
                    incident.isResolved() ? "resolved" : "acknowledged");
            return Uni.createFrom().voidItem();
        }
        Instant at = IncidentLifecycle.acknowledgedAt(p.acknowledgedAt() == null ? null
                : p.acknowledgedAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS), incident.detectedAt, now);
        incident.acknowledge(at);
        incident.updatedAt = now;
        String note = "acknowledged through the link of a level " + p.level() + " page (page " + p.pageId() + ")";
        Log.infof("incident %s acknowledged by %s through a page's link", incident.id, by);
        return outbox.add(EventType.IncidentAcknowledged, incident.id,
                new Payloads.IncidentAcknowledged(by, note, incident.acknowledgedAt)).replaceWithVoid();
    }

    private Uni<Void> onTriaged(Incident incident, Payloads.IncidentTriaged p, Instant now) {
        if (p.version() <= incident.triageVersion) {
            Log.debugf("incident %s: triage v%d ignored, v%d already applied", incident.id, p.version(),
                    incident.triageVersion);
            return Uni.createFrom().voidItem();
        }
        incident.triageVersion = p.version();
        incident.updatedAt = now;
        if (incident.isResolved()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> status = transition(incident, IncidentLifecycle.afterTriage(incident.status), triageReason(p),
                "triage", now);
        Optional<Severity> severity = Severity.fromName(p.severity());
        if (severity.isEmpty() || severity.get() == incident.severity) {
            return status;
        }
        Severity from = incident.severity;
        incident.severity = severity.get();
        return status.chain(() -> outbox.add(EventType.IncidentSeverityChanged, incident.id,
                new Payloads.IncidentSeverityChanged(from.name(), incident.severity.name(),
                        p.severityReasons() == null ? List.of() : p.severityReasons(), "triage")).replaceWithVoid());
    }

    static String triageReason(Payloads.IncidentTriaged p) {
        Payloads.RootCause rc = p.rootCause();
        if (rc == null || rc.service() == null) {
            return "triaged: root cause unknown";
        }
        return String.format(Locale.ROOT, "triaged: root cause %s (%s, confidence %.2f)", rc.service(),
                rc.category(), rc.confidence());
    }

    private Uni<Void> onRemediationSucceeded(Incident incident, Payloads.RemediationSucceeded p, Instant now) {
        Optional<IncidentStatus> next = IncidentLifecycle.afterRemediationSucceeded(incident.status, p.isDryRun());
        if (next.isEmpty()) {
            if (p.isDryRun()) {
                Log.infof("incident %s: dry run of %s on %s succeeded, nothing was changed; status stays %s",
                        incident.id, p.action(), p.target(), incident.status);
            }
            return Uni.createFrom().voidItem();
        }
        String note = p.action() + " on " + p.target() + " succeeded (runbook " + p.runbookId() + ")";
        incident.moveTo(next.get(), "mitigated: " + note, now);
        // resolution waits for verified recovery: every alert resolved for the stabilisation window
        return outbox.add(EventType.IncidentMitigated, incident.id,
                new Payloads.IncidentMitigated("remediation", note, incident.mitigatedAt)).replaceWithVoid();
    }

    /** Moves to {@code next} if present and emits IncidentStatusChanged. Inside a transaction. */
    Uni<Void> transition(Incident incident, Optional<IncidentStatus> next, String reason, String by, Instant now) {
        if (next.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        IncidentStatus from = incident.moveTo(next.get(), reason, now);
        return outbox.add(EventType.IncidentStatusChanged, incident.id,
                new Payloads.IncidentStatusChanged(from.name(), next.get().name(), reason, by)).replaceWithVoid();
    }

    /** Resolves the incident and emits IncidentResolved. Inside a transaction, the incident row locked. */
    public Uni<Void> resolve(Incident incident, String by, String note, String reason, Instant now) {
        incident.moveTo(IncidentStatus.RESOLVED, reason, now);
        return outbox.add(EventType.IncidentResolved, incident.id,
                new Payloads.IncidentResolved(by, note, reason, incident.startedAt, incident.resolvedAt)).replaceWithVoid();
    }

    /** Resolves what has become stable (see {@link IncidentLifecycle#autoResolveReason}); returns how many. */
    @WithTransaction
    public Uni<Integer> resolveStableIncidents() {
        Instant now = Clock.now();
        var window = config.detection().stabilisationWindow();
        return incidents.lockAutoResolveCandidates(now.minus(window), AUTO_RESOLVE_BATCH)
                .chain(candidates -> Multi.createFrom().iterable(candidates)
                        .onItem().transformToUniAndConcatenate(incident -> incident.autoResolveReason(now, window)
                                .map(reason -> resolve(incident, BY_DETECTION, null, reason, now)
                                        .invoke(() -> Log.infof("incident %s resolved: %s", incident.id, reason))
                                        .replaceWith(1))
                                .orElseGet(() -> Uni.createFrom().item(0)))
                        .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue)));
    }

    private <T> T payload(EventEnvelope envelope, Class<T> type) {
        try {
            return mapper.treeToValue(envelope.payload(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload of " + envelope.type() + " " + envelope.eventId()
                    + " is not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
