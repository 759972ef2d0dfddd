package io.irsuite.remediation.service;

import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.events.Subscriptions;
import io.irsuite.platform.inbox.EnvelopeConsumer;
import io.irsuite.platform.inbox.Inbox;
import io.irsuite.platform.outbox.Outbox;
import io.irsuite.remediation.config.IrConfig;
import io.irsuite.remediation.domain.Execution;
import io.irsuite.remediation.domain.ExecutionStatus;
import io.irsuite.remediation.domain.RunbookSelector;
import io.irsuite.remediation.domain.RunbookSelector.Candidate;
import io.irsuite.remediation.domain.RunbookSelector.Recommendation;
import io.irsuite.remediation.domain.RunbookSelector.Selection;
import io.irsuite.remediation.repository.ExecutionRepository;
import io.irsuite.remediation.repository.IncidentStateRepository;
import io.irsuite.remediation.repository.RunbookRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The effect of one incident event, in one transaction with its idempotency record: on
 * IncidentTriaged pick a runbook and start or propose an execution; on IncidentResolved cancel
 * what still waits for approval; on IncidentReopened allow remediation again.
 */
@ApplicationScoped
public class IncidentEventHandler {

    /** The event types remediation acts on; the consumer acknowledges the other known types without a transaction. */
    public static final Set<EventType> APPLIED = Subscriptions.REMEDIATION;

    /** What the consumer does after commit. */
    public record Effects(boolean emitted, List<UUID> toRun, List<ExecutionLedger.Transition> transitions) {
        static final Effects NONE = new Effects(false, List.of(), List.of());
    }

    private final Inbox inbox;
    private final IncidentStateRepository incidents;
    private final ExecutionRepository executions;
    private final RunbookRepository runbooks;
    private final ExecutionLedger executionLedger;
    private final RunbookCodec codec;
    private final Outbox outbox;
    private final RunnerIdentity runner;
    private final IrConfig config;
    private final EnvelopeConsumer envelopes;

    public IncidentEventHandler(Inbox inbox, IncidentStateRepository incidents, ExecutionRepository executions,
                                RunbookRepository runbooks, ExecutionLedger executionLedger, RunbookCodec codec,
                                Outbox outbox, RunnerIdentity runner, IrConfig config, EnvelopeConsumer envelopes) {
        this.inbox = inbox;
        this.incidents = incidents;
        this.executions = executions;
        this.runbooks = runbooks;
        this.executionLedger = executionLedger;
        this.codec = codec;
        this.outbox = outbox;
        this.runner = runner;
        this.config = config;
        this.envelopes = envelopes;
    }

    /** True when {@code type} (an event type name) may change remediation's state; unknown types are recorded. */
    public static boolean applies(String type) {
        EventType known = EventType.fromName(type);
        return known == null || APPLIED.contains(known);
    }

    @WithTransaction
    public Uni<Effects> handle(EventEnvelope envelope) {
        return inbox.markProcessed(envelope.eventId(), envelope.type()).chain(fresh -> {
            if (!fresh) {
                Log.debugf("event %s (%s) already processed, skipped", envelope.eventId(), envelope.type());
                return Uni.createFrom().item(Effects.NONE);
            }
            EventType type = EventType.fromName(envelope.type());
            if (type == null) {
                Log.infof("event %s has unknown type %s: recorded and skipped", envelope.eventId(), envelope.type());
                return Uni.createFrom().item(Effects.NONE);
            }
            return switch (type) {
                case IncidentTriaged -> onTriaged(envelope, envelopes.payload(envelope, Payloads.IncidentTriaged.class));
                case IncidentResolved -> onResolved(requireIncident(envelope));
                case IncidentReopened -> incidents.markResolved(requireIncident(envelope), false).replaceWith(Effects.NONE);
                default -> Uni.createFrom().item(Effects.NONE);
            };
        });
    }

    private Uni<Effects> onTriaged(EventEnvelope envelope, Payloads.IncidentTriaged triage) {
        UUID incidentId = requireIncident(envelope);
        return incidents.recordTriage(incidentId, triage.version()).chain(newest -> {
            if (!newest) {
                Log.infof("incident %s: triage version %d ignored, a newer one was already seen", incidentId, triage.version());
                return Uni.createFrom().item(Effects.NONE);
            }
            return incidents.isResolved(incidentId).chain(resolved -> {
                if (resolved) {
                    Log.infof("incident %s: resolved, triage version %d starts no remediation", incidentId, triage.version());
                    return Uni.createFrom().item(Effects.NONE);
                }
                return executions.hasBlocking(incidentId).chain(blocked -> {
                    if (blocked) {
                        Log.infof("incident %s: an execution is already pending, running or succeeded; triage version %d changes nothing",
                                incidentId, triage.version());
                        return Uni.createFrom().item(Effects.NONE);
                    }
                    return runbooks.enabledWithAuthor().chain(enabled -> select(incidentId, triage, enabled.stream()
                            .map(a -> new Candidate(a.runbook().id, a.runbook().currentVersion, codec.read(a.runbook().definition),
                                    RunbookLibrary.AUTHOR.equals(a.createdBy()))).toList()));
                });
            });
        });
    }

    private Uni<Effects> select(UUID incidentId, Payloads.IncidentTriaged triage, List<Candidate> candidates) {
        String category = triage.rootCause() == null ? null : triage.rootCause().category();
        List<Recommendation> recommendations = triage.recommendedActions() == null ? List.of()
                : triage.recommendedActions().stream()
                .map(a -> new Recommendation(a.action(), a.target(), a.confidence(), a.autoEligible(), a.reason()))
                .toList();
        Optional<Selection> selection = RunbookSelector.select(recommendations, category, candidates);
        if (selection.isEmpty()) {
            Log.infof("incident %s: no enabled runbook serves %s for root cause category %s; a person takes over",
                    incidentId, recommendations.stream().map(Recommendation::action).toList(), category);
            return Uni.createFrom().item(Effects.NONE);
        }
        Selection chosen = selection.get();
        Recommendation rec = chosen.recommendation();
        Optional<String> approvalReason = RunbookSelector.approvalReason(triage.autoRemediate(), chosen);
        Instant now = Instant.now();
        Execution execution = new Execution();
        execution.id = UUID.randomUUID();
        execution.incidentId = incidentId;
        execution.runbookId = chosen.runbook().runbookId();
        execution.runbookVersion = chosen.runbook().version();
        execution.action = rec.action();
        execution.target = rec.target();
        execution.reason = rec.reason();
        execution.triageVersion = triage.version();
        execution.createdAt = now;
        if (approvalReason.isPresent()) {
            execution.status = ExecutionStatus.PENDING_APPROVAL;
            execution.approvalReason = approvalReason.get();
            Log.infof("incident %s: %s via runbook %s v%d waits for approval: %s", incidentId, rec.action(),
                    execution.runbookId, execution.runbookVersion, approvalReason.get());
            return execution.persist()
                    .chain(() -> outbox.add(EventType.RemediationApprovalRequested, incidentId,
                            new Payloads.RemediationApprovalRequested(execution.id, execution.runbookId, execution.action,
                                    execution.target, approvalReason.get())))
                    .map(ignored -> new Effects(true, List.of(),
                            List.of(new ExecutionLedger.Transition(execution.id, execution.action, ExecutionStatus.PENDING_APPROVAL))));
        }
        execution.status = ExecutionStatus.RUNNING;
        execution.startedAt = now;
        execution.runner = runner.id();
        execution.leaseUntil = now.plus(config.execution().leaseMargin());
        String reason = String.format(Locale.ROOT, "automatic: %s on %s (confidence %.2f)%s", rec.action(), rec.target(),
                rec.confidence(), rec.reason() == null ? "" : ": " + rec.reason());
        Log.infof("incident %s: running %s via runbook %s v%d", incidentId, rec.action(), execution.runbookId, execution.runbookVersion);
        return execution.persist()
                .chain(() -> outbox.add(EventType.RemediationStarted, incidentId,
                        new Payloads.RemediationStarted(execution.id, execution.runbookId, execution.action, execution.target, reason)))
                .map(ignored -> new Effects(true, List.of(execution.id),
                        List.of(new ExecutionLedger.Transition(execution.id, execution.action, ExecutionStatus.RUNNING))));
    }

    private Uni<Effects> onResolved(UUID incidentId) {
        return incidents.markResolved(incidentId, true)
                .chain(() -> executions.pendingApproval(incidentId))
                .chain(pending -> {
                    Uni<List<ExecutionLedger.Transition>> chain = Uni.createFrom().item(new ArrayList<>());
                    for (Execution execution : pending) {
                        chain = chain.chain(done -> executionLedger.terminate(execution, ExecutionStatus.CANCELLED, "cancelled: incident resolved")
                                .map(t -> {
                                    done.add(t);
                                    return done;
                                }));
                    }
                    return chain;
                })
                .invoke(cancelled -> {
                    if (!cancelled.isEmpty()) {
                        Log.infof("incident %s resolved: %d pending execution(s) cancelled", incidentId, cancelled.size());
                    }
                })
                .map(cancelled -> new Effects(false, List.of(), cancelled));
    }

    private static UUID requireIncident(EventEnvelope envelope) {
        if (envelope.incidentId() == null) {
            throw new IllegalArgumentException("event " + envelope.eventId() + " (" + envelope.type() + ") has no incidentId");
        }
        return envelope.incidentId();
    }
}
