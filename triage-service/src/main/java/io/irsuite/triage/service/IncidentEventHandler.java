package io.irsuite.triage.service;

import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.events.Subscriptions;
import io.irsuite.platform.inbox.EnvelopeConsumer;
import io.irsuite.platform.inbox.Inbox;
import io.irsuite.platform.work.InOrder;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
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
     * name; then each is applied, and one inserts the alerts new in the batch. Returns whether any asked
     * for a triage (the caller kicks the {@link TriageWorker} after the commit); nothing else it does emits
     * events.
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
            // each payload read once: an AlertAttached of a storm carries hundreds of alerts
            List<Event> events = new ArrayList<>();
            Set<UUID> incidents = new HashSet<>();
            List<Payloads.Alert> alerts = new ArrayList<>();
            for (EventEnvelope envelope : todo) {
                EventType type = EventType.fromName(envelope.type());
                Event event = new Event(envelope.incidentId(), this.envelopes.payload(envelope, type.payloadType()));
                events.add(event);
                if (ALERT_EVENTS.contains(type)) {
                    incidents.add(event.incidentId());
                    alerts.addAll(alertsOf(event.payload()));
                }
            }
            return triage.prepare(incidents, alerts).chain(prepared -> {
                boolean[] due = {false};
                return InOrder.each(events, e -> apply(e.incidentId(), e.payload(), prepared).invoke(d -> due[0] |= d))
                        .call(() -> triage.writeNewAlerts(prepared))
                        .map(done -> due[0]);
            });
        });
    }

    /** An event to apply: its incident and its payload record. */
    private record Event(UUID incidentId, Record payload) {
    }

    /** The alert events: they store an alert of the incident (and create the incident if new). */
    private static final Set<EventType> ALERT_EVENTS = EnumSet.of(EventType.IncidentOpened, EventType.AlertAttached,
            EventType.IncidentReopened, EventType.AlertResolved);

    private static List<Payloads.Alert> alertsOf(Record payload) {
        if (payload instanceof Payloads.AlertAttached p) {
            return p.alerts();
        }
        Payloads.Alert one = payload instanceof Payloads.IncidentOpened p ? p.alert()
                : payload instanceof Payloads.IncidentReopened p ? p.alert()
                : payload instanceof Payloads.AlertResolved p ? p.alert() : null;
        return one == null ? List.of() : List.of(one);
    }

    /** One new event of a type triage acts on, as its payload record; whether it asked for a triage. */
    private Uni<Boolean> apply(UUID incidentId, Record payload, TriageService.Prepared prepared) {
        if (payload instanceof Payloads.IncidentOpened p) {
            return triage.withNewAlert(prepared, incidentId, p.title(), p.services(), p.alert(), false)
                    .replaceWith(true);
        }
        if (payload instanceof Payloads.AlertAttached p) {
            // one after the other without nesting: a storm's event carries hundreds
            return triage.withNewAlert(prepared, incidentId, null, p.services(), null, false)
                    .chain(() -> InOrder.each(p.alerts(),
                            alert -> triage.withNewAlert(prepared, incidentId, null, null, alert, false)))
                    .replaceWith(true);
        }
        if (payload instanceof Payloads.IncidentReopened p) {
            return triage.withNewAlert(prepared, incidentId, null, null, p.alert(), true).replaceWith(true);
        }
        if (payload instanceof Payloads.AlertResolved p) {
            return triage.alertResolved(prepared, incidentId, p.alert()).replaceWith(false);
        }
        if (payload instanceof Payloads.IncidentResolved p) {
            return triage.incidentResolved(prepared, incidentId)
                    .chain(() -> learning.resolutionNote(incidentId, p.by(), p.note()))
                    .replaceWith(false);
        }
        if (payload instanceof Payloads.RemediationSucceeded p) {
            return learning.remediationSucceeded(incidentId, p.executionId(), p.action(), p.target(), p.isDryRun())
                    .replaceWith(false);
        }
        if (payload instanceof Payloads.RemediationFailed p) {
            return learning.remediationFailed(incidentId, p.executionId(), p.action(), p.target(), p.failure())
                    .replaceWith(false);
        }
        if (payload instanceof Payloads.RemediationRolledBack p) {
            return learning.remediationFailed(incidentId, p.executionId(), p.action(), p.target(), p.failure())
                    .replaceWith(false);
        }
        return Uni.createFrom().item(false);
    }
}
