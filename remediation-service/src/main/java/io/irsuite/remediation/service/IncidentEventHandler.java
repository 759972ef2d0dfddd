package io.irsuite.remediation.service;

import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;
import io.irsuite.events.Subscriptions;
import io.irsuite.platform.inbox.EnvelopeConsumer;
import io.irsuite.platform.inbox.Inbox;
import io.irsuite.platform.outbox.Outbox;
import io.irsuite.remediation.config.IrConfig;
import io.irsuite.remediation.domain.CatalogEntry;
import io.irsuite.remediation.domain.Execution;
import io.irsuite.remediation.domain.ExecutionStatus;
import io.irsuite.remediation.domain.RunbookSelector;
import io.irsuite.remediation.domain.RunbookSelector.Candidate;
import io.irsuite.remediation.domain.RunbookSelector.Recommendation;
import io.irsuite.remediation.domain.RunbookSelector.Selection;
import io.irsuite.remediation.repository.CatalogRepository;
import io.irsuite.remediation.repository.ExecutionRepository;
import io.irsuite.remediation.repository.IncidentStateRepository;
import io.irsuite.remediation.repository.RunbookRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.UUID;

/**
 * The effect of one incident event, in one transaction with its idempotency record: on
 * IncidentTriaged pick runbooks and queue or propose executions; on IncidentResolved cancel what
 * waits for approval and stop what runs; on IncidentReopened allow remediation again; and track the
 * incident's alerts (firing or resolved), which verified recovery waits for.
 */
@ApplicationScoped
public class IncidentEventHandler {

    /** The event types remediation acts on; the consumer acknowledges the other known types without a transaction. */
    public static final Set<EventType> APPLIED = Subscriptions.REMEDIATION;

    /**
     * What the consumer does after commit: kick the relay ({@code emitted}), the dispatcher
     * ({@code dispatch}: executions were queued), the recovery check of {@code verify} (an incident
     * whose alerts changed), and count {@code transitions}.
     */
    public record Effects(boolean emitted, boolean dispatch, List<ExecutionLedger.Transition> transitions, UUID verify) {
        static final Effects NONE = new Effects(false, false, List.of(), null);

        static Effects verify(UUID incidentId) {
            return new Effects(false, false, List.of(), incidentId);
        }
    }

    /** First key of the two-key advisory locks on targets (the second is the target key's hash). */
    private static final int TARGET_LOCK_SPACE = 0x1d6e0b53;

    private final Inbox inbox;
    private final IncidentStateRepository incidents;
    private final ExecutionRepository executions;
    private final RunbookRepository runbooks;
    private final ExecutionLedger executionLedger;
    private final RunbookCodec codec;
    private final Outbox outbox;
    private final CatalogRepository catalog;
    private final IrConfig config;
    private final EnvelopeConsumer envelopes;

    public IncidentEventHandler(Inbox inbox, IncidentStateRepository incidents, ExecutionRepository executions,
                                RunbookRepository runbooks, ExecutionLedger executionLedger, RunbookCodec codec,
                                Outbox outbox, CatalogRepository catalog, IrConfig config, EnvelopeConsumer envelopes) {
        this.inbox = inbox;
        this.incidents = incidents;
        this.executions = executions;
        this.runbooks = runbooks;
        this.executionLedger = executionLedger;
        this.codec = codec;
        this.outbox = outbox;
        this.catalog = catalog;
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
        Uni<Effects> tracked = trackAlert(envelope);
        if (tracked != null) {
            return tracked;
        }
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
                case IncidentReopened -> {
                    UUID incidentId = requireIncident(envelope);
                    Payloads.IncidentReopened p = envelopes.payload(envelope, Payloads.IncidentReopened.class);
                    yield incidents.markResolved(incidentId, false)
                            .chain(() -> incidents.recordAlert(incidentId, p.alert(), true, envelope.occurredAt()))
                            .replaceWith(Effects.NONE);
                }
                case IncidentOpened -> {
                    UUID incidentId = requireIncident(envelope);
                    Payloads.IncidentOpened p = envelopes.payload(envelope, Payloads.IncidentOpened.class);
                    Instant started = p.startedAt() != null ? p.startedAt() : p.detectedAt() != null ? p.detectedAt() : envelope.occurredAt();
                    yield incidents.recordStart(incidentId, started)
                            .chain(() -> incidents.recordAlert(incidentId, p.alert(), true, envelope.occurredAt()))
                            .replaceWith(Effects.NONE);
                }
                default -> Uni.createFrom().item(Effects.NONE);
            };
        });
    }

    /** Whether {@code type} only records whether an alert fires (AlertAttached, AlertResolved): {@link #trackAll} takes those. */
    public static boolean tracksAlert(String type) {
        EventType known = EventType.fromName(type);
        return known == EventType.AlertAttached || known == EventType.AlertResolved;
    }

    /**
     * Records a batch of AlertAttached and AlertResolved events (see {@link #tracksAlert}) in one transaction: one
     * statement for every alert of the batch, the newest report of each counting. The incidents one of whose alerts
     * resolved, whose recovery check the caller kicks after the commit.
     */
    @WithTransaction
    public Uni<Set<UUID>> trackAll(List<EventEnvelope> batch) {
        return record(batch);
    }

    private Uni<Set<UUID>> record(List<EventEnvelope> batch) {
        Set<UUID> verify = new HashSet<>();
        List<IncidentStateRepository.AlertReport> reports = new ArrayList<>();
        for (EventEnvelope envelope : batch) {
            EventType type = EventType.fromName(envelope.type());
            UUID incidentId = requireIncident(envelope);
            if (type == EventType.AlertAttached) {
                envelopes.payload(envelope, Payloads.AlertAttached.class).alerts().forEach(alert ->
                        reports.add(new IncidentStateRepository.AlertReport(incidentId, alert, true, envelope.occurredAt())));
            } else if (type == EventType.AlertResolved) {
                reports.add(new IncidentStateRepository.AlertReport(incidentId,
                        envelopes.payload(envelope, Payloads.AlertResolved.class).alert(), false, envelope.occurredAt()));
                verify.add(incidentId);
            } else {
                throw new IllegalArgumentException("not an alert-tracking event: " + envelope.type());
            }
        }
        return incidents.recordAlerts(reports).replaceWith(verify);
    }

    /**
     * AlertAttached and AlertResolved (most of a storm's events) only record whether an alert fires:
     * an upsert that keeps the newest event per alert, so a redelivery or a late delivery changes
     * nothing and they skip the inbox. Null for the other types.
     */
    private Uni<Effects> trackAlert(EventEnvelope envelope) {
        if (!tracksAlert(envelope.type())) {
            return null;
        }
        return record(List.of(envelope)).map(verify -> verify.isEmpty() ? Effects.NONE : Effects.verify(verify.iterator().next()));
    }

    private Uni<Effects> onTriaged(EventEnvelope envelope, Payloads.IncidentTriaged triage) {
        UUID incidentId = requireIncident(envelope);
        return incidents.recordTriage(incidentId, triage.version(), triage.severity()).chain(newest -> {
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

    /**
     * The first recommended action an enabled runbook serves gets an execution (run or proposed);
     * further actions that may run unattended, each on another target, run alongside it (the playbook:
     * high-confidence actions in parallel, ordered by confidence, under the concurrency limit). Each
     * target is decided under its own advisory lock, so the cooldown holds across replicas.
     */
    private Uni<Effects> select(UUID incidentId, Payloads.IncidentTriaged triage, List<Candidate> candidates) {
        String category = triage.rootCause() == null ? null : triage.rootCause().category();
        List<Recommendation> recommendations = triage.recommendedActions() == null ? List.of()
                : triage.recommendedActions().stream()
                .map(a -> new Recommendation(a.action(), a.target(), a.confidence(), a.autoEligible(), a.reason()))
                .toList();
        List<String> targets = recommendations.stream().map(Recommendation::target).filter(t -> t != null).distinct().toList();
        Uni<List<CatalogEntry>> entries = targets.isEmpty() ? Uni.createFrom().item(List.of())
                : catalog.list("name in ?1", targets);
        return entries.chain(found -> {
            Map<String, CatalogEntry> byName = found.stream().collect(Collectors.toMap(e -> e.name, e -> e));
            List<Selection> selections = RunbookSelector.selectAll(recommendations, category, candidates,
                    (candidate, rec) -> canAct(candidate, byName.get(rec.target())));
            if (selections.isEmpty()) {
                Log.infof("incident %s: no enabled runbook serves %s for root cause category %s on a target it can act on; a person takes over",
                        incidentId, recommendations.stream().map(Recommendation::action).toList(), category);
                return Uni.createFrom().item(Effects.NONE);
            }
            return selected(incidentId, triage, selections, byName);
        });
    }

    /**
     * A runbook with kubernetes steps can act only on a target with Kubernetes coordinates in an
     * allowed namespace: elsewhere it is not selected (a person takes over, or another runbook
     * serves the action) instead of failing at its first step.
     */
    private boolean canAct(Candidate candidate, CatalogEntry target) {
        if (!candidate.definition().usesKubernetes()) {
            return true;
        }
        return target != null && !target.deleted && target.namespace != null && target.deployment != null
                && config.remediation().kubernetes().allowedNamespaces().orElse(List.of()).contains(target.namespace);
    }

    private Uni<Effects> selected(UUID incidentId, Payloads.IncidentTriaged triage, List<Selection> selections,
                                  Map<String, CatalogEntry> catalogEntries) {
        Uni<List<Effects>> chain = Uni.createFrom().item(new ArrayList<>());
        Set<String> actions = new HashSet<>();
        Set<String> targets = new HashSet<>();
        for (int i = 0; i < selections.size(); i++) {
            Selection chosen = selections.get(i);
            boolean primary = i == 0;
            chain = chain.chain(done -> {
                if (!actions.add(chosen.recommendation().action())) {
                    return Uni.createFrom().item(done); // one live execution per action and incident
                }
                return propose(incidentId, triage, chosen, primary, targets, catalogEntries).map(effects -> {
                    if (effects != null) {
                        done.add(effects);
                    }
                    return done;
                });
            });
        }
        return chain.map(all -> new Effects(all.stream().anyMatch(Effects::emitted), all.stream().anyMatch(Effects::dispatch),
                all.stream().flatMap(e -> e.transitions().stream()).toList(), null));
    }

    /**
     * One execution for {@code chosen}: queued RUNNING when nothing needs a person, else
     * PENDING_APPROVAL with every reason. A non-primary selection is only run unattended, never
     * proposed; null when it is left out.
     */
    private Uni<Effects> propose(UUID incidentId, Payloads.IncidentTriaged triage, Selection chosen, boolean primary,
                                 Set<String> targets, Map<String, CatalogEntry> catalogEntries) {
        Recommendation rec = chosen.recommendation();
        CatalogEntry entry = rec.target() == null ? null : catalogEntries.get(rec.target());
        boolean k8s = entry != null && !entry.deleted && entry.namespace != null && entry.deployment != null;
        String targetKey = k8s ? entry.namespace + "/" + entry.deployment : "service:" + rec.target();
        if (!targets.add(targetKey)) {
            return Uni.createFrom().nullItem();
        }
        Instant now = Instant.now();
        return lockTarget(targetKey)
                .chain(() -> executions.recentOnTarget(targetKey, rec.action(), now.minus(config.remediation().cooldown())))
                .chain(recent -> executions.runningOnTarget(targetKey).map(running -> {
                    List<String> reasons = new ArrayList<>();
                    RunbookSelector.approvalReason(triage.autoRemediate(), chosen).ifPresent(reasons::add);
                    if (recent != null) {
                        reasons.add(String.format(Locale.ROOT,
                                "cooldown: %s on %s already ran %d min ago (execution %s, %s); the same action on the same target within %d min needs a person",
                                rec.action(), targetKey, Duration.between(recent.startedAt, now).toMinutes(), recent.id,
                                recent.status, config.remediation().cooldown().toMinutes()));
                    } else if (running != null) {
                        reasons.add("execution " + running.id + " (" + running.action + ") is still running on " + targetKey);
                    }
                    return reasons;
                }))
                .chain(reasons -> {
                    if (!primary && !reasons.isEmpty()) {
                        Log.infof("incident %s: %s on %s is not run alongside: %s", incidentId, rec.action(), targetKey,
                                String.join("; ", reasons));
                        return Uni.createFrom().nullItem();
                    }
                    return persist(incidentId, triage, chosen, targetKey, k8s ? entry.namespace : null, reasons);
                });
    }

    private Uni<Void> lockTarget(String targetKey) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT CAST(1 AS integer) FROM pg_advisory_xact_lock(" + TARGET_LOCK_SPACE + ", hashtext(:key))", Integer.class)
                .setParameter("key", targetKey)
                .getSingleResult()).replaceWithVoid();
    }

    private Uni<Effects> persist(UUID incidentId, Payloads.IncidentTriaged triage, Selection chosen, String targetKey,
                                 String namespace, List<String> reasons) {
        Recommendation rec = chosen.recommendation();
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
        execution.confidence = rec.confidence();
        execution.targetKey = targetKey;
        execution.targetNamespace = namespace;
        execution.dryRun = chosen.runbook().definition().isDryRun() || config.remediation().dryRun();
        execution.createdAt = now;
        if (!reasons.isEmpty()) {
            String approvalReason = String.join("; ", reasons);
            execution.status = ExecutionStatus.PENDING_APPROVAL;
            execution.approvalReason = approvalReason;
            Log.infof("incident %s: %s via runbook %s v%d waits for approval: %s", incidentId, rec.action(),
                    execution.runbookId, execution.runbookVersion, approvalReason);
            return execution.persist()
                    .chain(() -> outbox.add(EventType.RemediationApprovalRequested, incidentId,
                            new Payloads.RemediationApprovalRequested(execution.id, execution.runbookId, execution.action,
                                    execution.target, approvalReason)))
                    .map(ignored -> new Effects(true, false,
                            List.of(new ExecutionLedger.Transition(execution.id, execution.action, ExecutionStatus.PENDING_APPROVAL)), null));
        }
        // queued: a runner claims it within the concurrency limits (ExecutionDispatcher)
        execution.status = ExecutionStatus.RUNNING;
        execution.startedAt = now;
        String reason = String.format(Locale.ROOT, "automatic%s: %s on %s (confidence %.2f)%s", execution.dryRun ? " dry run" : "",
                rec.action(), rec.target(), rec.confidence(), rec.reason() == null ? "" : ": " + rec.reason());
        Log.infof("incident %s: running %s via runbook %s v%d%s", incidentId, rec.action(), execution.runbookId,
                execution.runbookVersion, execution.dryRun ? " (dry run)" : "");
        return execution.persist()
                .chain(() -> outbox.add(EventType.RemediationStarted, incidentId,
                        new Payloads.RemediationStarted(execution.id, execution.runbookId, execution.action, execution.target, reason,
                                execution.dryRun ? Boolean.TRUE : null)))
                .map(ignored -> new Effects(true, true,
                        List.of(new ExecutionLedger.Transition(execution.id, execution.action, ExecutionStatus.RUNNING)), null));
    }

    /**
     * Pending executions are CANCELLED; running ones are asked to stop at their next step boundary
     * (those that have not begun a step are CANCELLED at once); those waiting for recovery are checked.
     */
    private Uni<Effects> onResolved(UUID incidentId) {
        return incidents.markResolved(incidentId, true)
                .chain(() -> executions.pendingApproval(incidentId))
                .chain(pending -> {
                    Uni<List<ExecutionLedger.Transition>> chain = Uni.createFrom().item(new ArrayList<>());
                    for (Execution execution : pending) {
                        chain = chain.chain(done -> executionLedger.terminate(execution, ExecutionStatus.CANCELLED,
                                        Payloads.RemediationFailures.CANCELLED, "cancelled: incident resolved")
                                .map(t -> {
                                    done.add(t);
                                    return done;
                                }));
                    }
                    return chain.chain(done -> executions.running(incidentId).chain(running -> {
                        Uni<List<ExecutionLedger.Transition>> stops = Uni.createFrom().item(done);
                        for (Execution execution : running) {
                            stops = stops.chain(list -> executionLedger.requestStop(execution, "incident resolved", false).map(t -> {
                                if (t != null) {
                                    list.add(t);
                                }
                                return list;
                            }));
                        }
                        return stops;
                    }));
                })
                .invoke(stopped -> {
                    if (!stopped.isEmpty()) {
                        Log.infof("incident %s resolved: %d execution(s) cancelled", incidentId, stopped.size());
                    }
                })
                .map(stopped -> new Effects(false, true, stopped, incidentId));
    }

    private static UUID requireIncident(EventEnvelope envelope) {
        if (envelope.incidentId() == null) {
            throw new IllegalArgumentException("event " + envelope.eventId() + " (" + envelope.type() + ") has no incidentId");
        }
        return envelope.incidentId();
    }
}
