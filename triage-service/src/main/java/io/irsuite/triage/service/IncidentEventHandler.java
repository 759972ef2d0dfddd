package io.irsuite.triage.service;

import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.events.Subscriptions;
import io.irsuite.platform.inbox.EnvelopeConsumer;
import io.irsuite.platform.inbox.Inbox;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.irsuite.platform.work.InOrder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Applies incident events to triage's state, each at most once: its id is recorded in the transaction
 * that applies it. Events come in batches (the consumer's group commit), applied in order in one
 * transaction. Alerts go to {@link TriageService} (re-triage), remediation outcomes and resolution
 * notes to {@link LearningService}.
 */
@ApplicationScoped
public class IncidentEventHandler {

    /**
     * The event types triage acts on, as the contract routes them to its queue. Others that still arrive
     * (through a broker without the queue filters, or unlabelled) are acknowledged without touching the
     * database: there is no effect to record.
     */
    public static final Set<EventType> APPLIED = Subscriptions.TRIAGE;

    private final Inbox inbox;
    private final EnvelopeConsumer envelopes;
    private final TriageService triage;
    private final LearningService learning;

    public IncidentEventHandler(Inbox inbox, EnvelopeConsumer envelopes, TriageService triage,
                                LearningService learning) {
        this.inbox = inbox;
        this.envelopes = envelopes;
        this.triage = triage;
        this.learning = learning;
    }

    /** Whether triage acts on events of this type at all; checked before any transaction is opened. */
    public static boolean applies(String type) {
        EventType known = EventType.fromName(type);
        return known != null && APPLIED.contains(known);
    }

    /**
     * Applies a batch of events, each at most once, in one transaction and in order: one statement
     * records them all as processed, one creates and locks their incidents, one reads the alerts they
     * name; then each is applied. Returns whether any asked for a triage (the caller kicks the
     * {@link TriageWorker} after the commit); nothing else it does emits events.
     */
    @WithTransaction
    public Uni<Boolean> applyAll(List<EventEnvelope> envelopes) {
        return inbox.markProcessedAll(envelopes).chain(recorded -> {
            // a redelivered copy may share the batch with its original: the first one is applied
            Set<UUID> fresh = new HashSet<>(recorded);
            List<EventEnvelope> todo = new ArrayList<>();
            for (EventEnvelope envelope : envelopes) {
                if (!fresh.remove(envelope.eventId())) {
                    Log.debugf("skipping %s %s: already processed", envelope.type(), envelope.eventId());
                } else if (!applies(envelope.type())) {
                    Log.infof("recorded and skipped %s %s: not an event triage acts on", envelope.type(),
                            envelope.eventId());
                } else if (envelope.incidentId() == null) {
                    Log.warnf("recorded and skipped %s %s: no incidentId", envelope.type(), envelope.eventId());
                } else {
                    todo.add(envelope);
                }
            }
            Set<UUID> incidents = new HashSet<>();
            List<Payloads.Alert> alerts = new ArrayList<>();
            for (EventEnvelope envelope : todo) {
                if (ALERT_EVENTS.contains(EventType.fromName(envelope.type()))) {
                    incidents.add(envelope.incidentId());
                    alerts.addAll(alertsOf(envelope));
                }
            }
            return triage.prepare(incidents, alerts).chain(prepared -> {
                boolean[] due = {false};
                return InOrder.each(todo, envelope -> apply(envelope, prepared).invoke(d -> due[0] |= d))
                        .map(done -> due[0]);
            });
        });
    }

    /** The alert events: they store an alert of the incident (and create the incident if new). */
    private static final Set<EventType> ALERT_EVENTS = EnumSet.of(EventType.IncidentOpened, EventType.AlertAttached,
            EventType.IncidentReopened, EventType.AlertResolved);

    private List<Payloads.Alert> alertsOf(EventEnvelope envelope) {
        EventType type = EventType.fromName(envelope.type());
        if (type == EventType.AlertAttached) {
            return envelopes.payload(envelope, Payloads.AlertAttached.class).alerts();
        }
        Payloads.Alert one = switch (type) {
            case IncidentOpened -> envelopes.payload(envelope, Payloads.IncidentOpened.class).alert();
            case IncidentReopened -> envelopes.payload(envelope, Payloads.IncidentReopened.class).alert();
            case AlertResolved -> envelopes.payload(envelope, Payloads.AlertResolved.class).alert();
            default -> null;
        };
        return one == null ? List.of() : List.of(one);
    }

    /** One new event of a type triage acts on; whether it asked for a triage. */
    private Uni<Boolean> apply(EventEnvelope envelope, TriageService.Prepared prepared) {
        UUID incidentId = envelope.incidentId();
        return switch (EventType.fromName(envelope.type())) {
            case IncidentOpened -> {
                Payloads.IncidentOpened p = envelopes.payload(envelope, Payloads.IncidentOpened.class);
                yield triage.withNewAlert(prepared, incidentId, p.title(), p.services(), p.alert(), false)
                        .replaceWith(true);
            }
            case AlertAttached -> {
                Payloads.AlertAttached p = envelopes.payload(envelope, Payloads.AlertAttached.class);
                // one after the other without nesting: a storm's event carries hundreds
                yield triage.withNewAlert(prepared, incidentId, null, p.services(), null, false)
                        .chain(() -> InOrder.each(p.alerts(),
                                alert -> triage.withNewAlert(prepared, incidentId, null, null, alert, false)))
                        .replaceWith(true);
            }
            case IncidentReopened -> {
                Payloads.IncidentReopened p = envelopes.payload(envelope, Payloads.IncidentReopened.class);
                yield triage.withNewAlert(prepared, incidentId, null, null, p.alert(), true).replaceWith(true);
            }
            case AlertResolved -> {
                Payloads.AlertResolved p = envelopes.payload(envelope, Payloads.AlertResolved.class);
                yield triage.alertResolved(prepared, incidentId, p.alert()).replaceWith(false);
            }
            case IncidentResolved -> {
                Payloads.IncidentResolved p = envelopes.payload(envelope, Payloads.IncidentResolved.class);
                yield triage.incidentResolved(incidentId)
                        .chain(() -> learning.resolutionNote(incidentId, p.by(), p.note()))
                        .replaceWith(false);
            }
            case RemediationSucceeded -> {
                Payloads.RemediationSucceeded p = envelopes.payload(envelope, Payloads.RemediationSucceeded.class);
                yield learning.remediationSucceeded(incidentId, p.executionId(), p.action(), p.target(), p.isDryRun())
                        .replaceWith(false);
            }
            case RemediationFailed -> {
                Payloads.RemediationFailed p = envelopes.payload(envelope, Payloads.RemediationFailed.class);
                yield learning.remediationFailed(incidentId, p.executionId(), p.action(), p.target(), p.failure())
                        .replaceWith(false);
            }
            case RemediationRolledBack -> {
                Payloads.RemediationRolledBack p = envelopes.payload(envelope, Payloads.RemediationRolledBack.class);
                yield learning.remediationFailed(incidentId, p.executionId(), p.action(), p.target(), p.failure())
                        .replaceWith(false);
            }
            default -> Uni.createFrom().item(false);
        };
    }
}
