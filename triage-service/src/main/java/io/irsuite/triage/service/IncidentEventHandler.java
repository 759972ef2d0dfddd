package io.irsuite.triage.service;

import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.platform.inbox.EnvelopeConsumer;
import io.irsuite.platform.inbox.Inbox;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumSet;
import java.util.Set;

/**
 * Applies incident events to triage's state, each at most once: its id is recorded in the transaction
 * that applies it. Alerts go to {@link TriageService} (re-triage), remediation outcomes and resolution
 * notes to {@link LearningService}.
 */
@ApplicationScoped
public class IncidentEventHandler {

    /**
     * The event types triage acts on. Others (its own IncidentTriaged, status changes, acknowledgements,
     * types it does not know) are acknowledged without touching the database: half of the events on the
     * address, and no effect to record.
     */
    public static final Set<EventType> APPLIED = EnumSet.of(EventType.IncidentOpened, EventType.AlertAttached,
            EventType.IncidentReopened, EventType.AlertResolved, EventType.IncidentResolved,
            EventType.RemediationSucceeded, EventType.RemediationFailed, EventType.RemediationRolledBack);

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
     * Applies one event at most once. Returns whether it asked for a triage (the caller kicks the
     * {@link TriageWorker} after the commit); nothing else it does emits events.
     */
    @WithTransaction
    public Uni<Boolean> apply(EventEnvelope envelope) {
        return inbox.markProcessed(envelope.eventId(), envelope.type()).chain(firstTime -> {
            if (!firstTime) {
                Log.debugf("skipping %s %s: already processed", envelope.type(), envelope.eventId());
                return Uni.createFrom().item(false);
            }
            EventType type = EventType.fromName(envelope.type());
            if (type == null || !APPLIED.contains(type)) {
                Log.infof("recorded and skipped %s %s: not an event triage acts on", envelope.type(),
                        envelope.eventId());
                return Uni.createFrom().item(false);
            }
            if (envelope.incidentId() == null) {
                Log.warnf("recorded and skipped %s %s: no incidentId", envelope.type(), envelope.eventId());
                return Uni.createFrom().item(false);
            }
            return switch (type) {
                case IncidentOpened -> {
                    Payloads.IncidentOpened p = envelopes.payload(envelope, Payloads.IncidentOpened.class);
                    yield triage.withNewAlert(envelope.incidentId(), p.title(), p.services(), p.alert(), false);
                }
                case AlertAttached -> {
                    Payloads.AlertAttached p = envelopes.payload(envelope, Payloads.AlertAttached.class);
                    yield triage.withNewAlert(envelope.incidentId(), null, p.services(), p.alert(), false);
                }
                case IncidentReopened -> {
                    Payloads.IncidentReopened p = envelopes.payload(envelope, Payloads.IncidentReopened.class);
                    yield triage.withNewAlert(envelope.incidentId(), null, null, p.alert(), true);
                }
                case AlertResolved -> {
                    Payloads.AlertResolved p = envelopes.payload(envelope, Payloads.AlertResolved.class);
                    yield triage.alertResolved(envelope.incidentId(), p.alert()).replaceWith(false);
                }
                case IncidentResolved -> {
                    Payloads.IncidentResolved p = envelopes.payload(envelope, Payloads.IncidentResolved.class);
                    yield triage.incidentResolved(envelope.incidentId())
                            .chain(() -> learning.resolutionNote(envelope.incidentId(), p.by(), p.note()))
                            .replaceWith(false);
                }
                case RemediationSucceeded -> {
                    Payloads.RemediationSucceeded p = envelopes.payload(envelope, Payloads.RemediationSucceeded.class);
                    yield learning.remediationOutcome(envelope.incidentId(), p.executionId(), p.action(), p.target(),
                            true).replaceWith(false);
                }
                case RemediationFailed -> {
                    Payloads.RemediationFailed p = envelopes.payload(envelope, Payloads.RemediationFailed.class);
                    yield learning.remediationOutcome(envelope.incidentId(), p.executionId(), p.action(), p.target(),
                            false).replaceWith(false);
                }
                case RemediationRolledBack -> {
                    Payloads.RemediationRolledBack p = envelopes.payload(envelope,
                            Payloads.RemediationRolledBack.class);
                    yield learning.remediationOutcome(envelope.incidentId(), p.executionId(), p.action(), p.target(),
                            false).replaceWith(false);
                }
                default -> Uni.createFrom().item(false);
            };
        });
    }
}
