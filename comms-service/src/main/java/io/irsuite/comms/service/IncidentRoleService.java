package io.irsuite.comms.service;

import io.irsuite.comms.domain.CatalogService;
import io.irsuite.comms.domain.Handoff;
import io.irsuite.comms.domain.IncidentRole;
import io.irsuite.comms.domain.IncidentState;
import io.irsuite.comms.domain.IncidentView;
import io.irsuite.comms.domain.Notification;
import io.irsuite.comms.domain.NotificationKind;
import io.irsuite.comms.domain.NotificationMessage;
import io.irsuite.comms.domain.StatusWords;
import io.irsuite.comms.domain.TimelineEntry;
import io.irsuite.comms.domain.oncall.Contact;
import io.irsuite.comms.domain.oncall.OnCallUser;
import io.irsuite.comms.domain.paging.PagingTriggers;
import io.irsuite.platform.problem.InvalidInputException;
import io.irsuite.platform.work.SafeContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Incident roles (commander, communications lead, scribe) assigned by people, the on-call primary as
 * commander by default for SEV1, and the commander handoff: recorded on the timeline and sent to the
 * new commander through their contact methods (the delivery pipeline, so retried and recorded).
 */
@ApplicationScoped
public class IncidentRoleService {

    private static final int SWEEP_BATCH = 20;

    private final IncidentQueries incidents;
    private final IncidentStateCodec codec;
    private final OnCallUserService users;
    private final RouteService routes;
    private final EscalationPolicyService policies;
    private final Vertx vertx;

    public IncidentRoleService(IncidentQueries incidents, IncidentStateCodec codec, OnCallUserService users,
                               RouteService routes, EscalationPolicyService policies, Vertx vertx) {
        this.incidents = incidents;
        this.codec = codec;
        this.users = users;
        this.routes = routes;
        this.policies = policies;
        this.vertx = vertx;
    }

    @WithSession
    public Uni<List<IncidentRole>> roles(UUID incidentId) {
        return incidents.requireKnown(incidentId)
                .chain(() -> IncidentRole.<IncidentRole>list("incidentId", Sort.by("role"), incidentId));
    }

    /** Gives {@code role} to {@code user} (a known user), recorded on the timeline. */
    @WithTransaction
    public Uni<IncidentRole> assign(UUID incidentId, String role, String user, String by) {
        return incidents.requireKnown(incidentId).chain(view -> knownUser(user, "user")
                .chain(found -> put(view, role, user, by, "assigned by " + by)));
    }

    /** The commander hands over to {@code handoff.to()}: role, timeline entry, and the note sent to the new commander. */
    @WithTransaction
    public Uni<IncidentRole> handoff(UUID incidentId, Handoff request, String by) {
        return incidents.requireKnown(incidentId).chain(view -> knownUser(request.to(), "to").chain(newCommander ->
                IncidentRole.<IncidentRole>findById(new IncidentRole.Key(incidentId, IncidentRole.COMMANDER)).chain(current -> {
                    IncidentState state = codec.toState(view);
                    Handoff handoff = new Handoff(current == null ? null : current.user, request.to(), request.status(),
                            request.tried(), request.strategy(), request.keyPeople(), request.nextSteps(), request.openQuestions());
                    String text = handoff.text(state.displayTitle());
                    Instant now = Instant.now();
                    UUID entryId = UUID.randomUUID();
                    return upsert(incidentId, IncidentRole.COMMANDER, request.to(), by, now)
                            .call(() -> timeline(entryId, incidentId, now, "Handoff", text))
                            .call(() -> send(entryId, state, newCommander, text, now));
                })));
    }

    private Uni<OnCallUser> knownUser(String name, String field) {
        return users.find(List.of(name)).map(found -> found.stream().findFirst().orElseThrow(
                () -> InvalidInputException.of(field, "no user named " + name + " (PUT /api/v1/users/" + name + ")")));
    }

    private Uni<IncidentRole> put(IncidentView view, String role, String user, String by, String how) {
        Instant now = Instant.now();
        return upsert(view.incidentId, role, user, by, now).call(() -> timeline(UUID.randomUUID(), view.incidentId, now,
                "RoleAssigned", "Role: " + IncidentRole.words(role) + " is " + user + " (" + how + ")"));
    }

    private Uni<IncidentRole> upsert(UUID incidentId, String role, String user, String by, Instant now) {
        return IncidentRole.<IncidentRole>findById(new IncidentRole.Key(incidentId, role)).chain(existing -> {
            IncidentRole r = existing == null ? new IncidentRole() : existing;
            r.incidentId = incidentId;
            r.role = role;
            r.user = user;
            r.assignedBy = by;
            r.assignedAt = now;
            return existing == null ? r.persist().replaceWith(r) : Uni.createFrom().item(r);
        });
    }

    private Uni<Void> timeline(UUID id, UUID incidentId, Instant at, String type, String summary) {
        return TimelineEntry.byComms(id, incidentId, at, type, summary).persist().replaceWithVoid();
    }

    /** One notification per contact method of the new commander, delivered like any other (retried, recorded). */
    private Uni<Void> send(UUID eventId, IncidentState s, OnCallUser to, String text, Instant now) {
        NotificationMessage message = new NotificationMessage(s.id(), s.severity(), StatusWords.publicWord(s.status()),
                NotificationKind.handoff.name(), text, s.displayTitle(), s.services(), now, "Handoff");
        String body = codec.json(message);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Contact contact : to.contacts()) {
            Notification n = new Notification();
            n.id = UUID.randomUUID();
            n.channel = "user:" + to.name() + ":" + contact.method().name().toLowerCase(java.util.Locale.ROOT);
            n.channelType = contact.method().name().toLowerCase(java.util.Locale.ROOT);
            n.target = contact.address();
            n.incidentId = s.id();
            n.eventId = eventId;
            n.kind = NotificationKind.handoff.name();
            n.body = body;
            n.status = Notification.PENDING;
            n.attempts = 0;
            n.nextAttemptAt = now;
            n.createdAt = now;
            chain = chain.chain(() -> n.persist().replaceWithVoid());
        }
        return chain;
    }

    @Scheduled(every = "${ir.comms.commander-interval:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return SafeContext.run(vertx, this::defaultCommanders)
                .onFailure().invoke(f -> Log.warnf("assigning default commanders failed (the next sweep retries): %s", f.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * SEV1 incidents still open without a commander get the on-call primary of their owner's route: the
     * first user level 1 of the policy pages now. Once per incident across replicas (row lock, skip locked).
     */
    @WithTransaction
    public Uni<Integer> defaultCommanders() {
        return Panache.getSession().chain(s -> s.<UUID>createNativeQuery("""
                        SELECT v.incident_id FROM incident_view v
                        WHERE v.severity = 'SEV1' AND v.status <> 'RESOLVED'
                          AND NOT EXISTS (SELECT 1 FROM incident_role r WHERE r.incident_id = v.incident_id AND r.role = 'commander')
                        ORDER BY v.started_at LIMIT :limit FOR UPDATE OF v SKIP LOCKED""", UUID.class)
                .setParameter("limit", SWEEP_BATCH)
                .getResultList()).chain(ids -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (UUID id : ids) {
                chain = chain.chain(n -> IncidentView.<IncidentView>findById(id).chain(view -> primary(codec.toState(view))
                        .chain(found -> found.isEmpty() ? Uni.createFrom().item(n)
                                : put(view, IncidentRole.COMMANDER, found.get().user(), "on-call", found.get().why()).replaceWith(n + 1))));
            }
            return chain;
        });
    }

    private record Primary(String user, String why) {
    }

    private Uni<Optional<Primary>> primary(IncidentState s) {
        String service = PagingTriggers.pagedService(s);
        Uni<String> owner = service == null ? Uni.createFrom().item("default")
                : CatalogService.<CatalogService>findById(service).map(c -> c == null || c.owner == null ? "default" : c.owner);
        return owner.chain(routes::route).chain(route -> {
            if (route.isEmpty()) {
                return Uni.createFrom().item(Optional.<Primary>empty());
            }
            return policies.primary(route.get().policy(), Instant.now()).map(user -> user.map(u -> new Primary(u,
                    "on call: level 1 of policy " + route.get().policy() + " for " + route.get().owner()
                            + (route.get().fallback() ? " (default route)" : ""))));
        }).onFailure().recoverWithItem(Optional.empty());
    }
}
