package io.irsuite.comms.service;

import io.irsuite.comms.config.IrConfig;
import io.irsuite.comms.domain.CatalogService;
import io.irsuite.comms.domain.IncidentState;
import io.irsuite.comms.domain.IncidentView;
import io.irsuite.comms.domain.Notification;
import io.irsuite.comms.domain.NotificationKind;
import io.irsuite.comms.domain.NotificationMessage;
import io.irsuite.comms.domain.StatusWords;
import io.irsuite.comms.domain.TimelineEntry;
import io.irsuite.comms.domain.oncall.EscalationPlan;
import io.irsuite.comms.domain.oncall.EscalationPolicy;
import io.irsuite.comms.domain.paging.AckLinks;
import io.irsuite.comms.domain.paging.AckTokens;
import io.irsuite.comms.domain.paging.Escalation;
import io.irsuite.comms.domain.paging.Page;
import io.irsuite.comms.domain.paging.PageText;
import io.irsuite.comms.domain.paging.PageView;
import io.irsuite.comms.domain.paging.PagingTriggers;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.Payloads;
import io.irsuite.platform.problem.NotFoundException;
import io.irsuite.platform.work.SafeContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Paging and escalation: an incident that needs a person starts an escalation on its owner's route; a sweep on
 * every replica fires each due level exactly once (row lock, skip locked; the page rows and their notifications in
 * one transaction); an acknowledgement (detection's event or a page's one-time link, {@link PageAckService}) or the
 * resolution stops it and cancels its pages not sent yet.
 */
@ApplicationScoped
public class PagingService {

    private final IncidentStateCodec codec;
    private final RouteService routes;
    private final EscalationPolicyService policies;
    private final Vertx vertx;
    private final Pool pool;
    private final MeterRegistry registry;
    private final IrConfig.Paging config;

    public PagingService(IncidentStateCodec codec, RouteService routes, EscalationPolicyService policies, Vertx vertx,
                         Pool pool, MeterRegistry registry, IrConfig config) {
        this.codec = codec;
        this.routes = routes;
        this.policies = policies;
        this.vertx = vertx;
        this.pool = pool;
        this.registry = registry;
        this.config = config.paging();
    }

    // ---- triggers and stops, in the transaction of the event that caused them --------------------------------

    /** Starts, acknowledges or ends the incident's escalation as the event demands; nothing for other events. */
    public Uni<Void> onEvent(EventEnvelope env, Record payload, IncidentState before, IncidentState after) {
        UUID incidentId = env.incidentId();
        Instant now = Instant.now();
        if (payload instanceof Payloads.IncidentAcknowledged p) {
            String by = p.by() == null ? "someone" : p.by();
            return stop(incidentId, Escalation.ACKNOWLEDGED, by, now);
        }
        if (payload instanceof Payloads.IncidentResolved) {
            return stop(incidentId, Escalation.RESOLVED, null, now);
        }
        return PagingTriggers.reason(payload, before, after)
                .map(reason -> start(incidentId, reason, env.type(), after,
                        PagingTriggers.forSecurityTeam(payload, after), now))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    // no timeline row of its own here: the event that stops it (or starts it) is the timeline's entry; the pages
    // not yet sent are cancelled either way (a person answered, or there is nothing left to answer)
    private Uni<Void> stop(UUID incidentId, String status, String by, Instant now) {
        String sql = by == null
                ? "UPDATE escalation SET status = :status, next_fire_at = NULL, stopped_at = :now"
                + " WHERE incident_id = :incident AND status = 'active'"
                : "UPDATE escalation SET status = :status, next_fire_at = NULL, stopped_at = :now, acknowledged_at = :now,"
                + " acknowledged_by = :by WHERE incident_id = :incident AND status = 'active'";
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(sql).setParameter("status", status).setParameter("now", now)
                    .setParameter("incident", incidentId);
            if (by != null) {
                q.setParameter("by", by);
            }
            return q.executeUpdate();
        }).invoke(updated -> {
            if (updated > 0) {
                Log.infof("incident %s: escalation %s%s", incidentId, status, by == null ? "" : " by " + by);
            }
        }).chain(() -> cancelPendingPages(incidentId, null, by == null ? "incident resolved" : "acknowledged by " + by,
                now)).replaceWithVoid();
    }

    /**
     * Cancels the page and escalation deliveries of the incident (of one escalation when {@code escalationId} is
     * given) that are not sent yet: status CANCELLED with the reason, never sent. An attempt already under way
     * finishes (its outcome is in its attempt row) but is never retried. In the caller's transaction; how many.
     */
    public Uni<Integer> cancelPendingPages(UUID incidentId, UUID escalationId, String reason, Instant now) {
        String pages = escalationId == null ? "SELECT id FROM page WHERE incident_id = :incident"
                : "SELECT id FROM page WHERE incident_id = :incident AND escalation_id = :escalation";
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery("UPDATE notification SET status = 'CANCELLED', cancelled_at = :now,"
                            + " cancel_reason = :reason, ack_token = NULL, claimed_until = NULL"
                            + " WHERE incident_id = :incident AND status = 'PENDING' AND event_id IN (" + pages + ")"
                            + " RETURNING kind", String.class)
                    .setParameter("now", now).setParameter("reason", reason).setParameter("incident", incidentId);
            if (escalationId != null) {
                q.setParameter("escalation", escalationId);
            }
            return q.getResultList();
        }).map(kinds -> {
            for (String kind : kinds) {
                registry.counter("ir.notifications", "kind", kind, "status", Notification.CANCELLED).increment();
            }
            if (!kinds.isEmpty()) {
                Log.infof("incident %s: %d page deliveries not sent yet cancelled (%s)", incidentId, kinds.size(), reason);
            }
            return kinds.size();
        });
    }

    /** The route owner of the security team. */
    public static final String SECURITY_OWNER = "security";

    private Uni<Void> start(UUID incidentId, String reason, String triggerType, IncidentState s, boolean security,
                            Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT count(*) FROM escalation WHERE incident_id = :incident AND status = 'active'", Long.class)
                .setParameter("incident", incidentId).getSingleResult()).chain(active -> {
            if (active > 0) {
                Log.debugf("incident %s: escalation already active, %s adds nothing", incidentId, reason);
                return Uni.createFrom().voidItem();
            }
            return owner(s, security).chain(owner -> routes.route(owner).chain(route -> {
                if (route.isEmpty()) {
                    Log.warnf("incident %s needs a person (%s) but owner %s has no route and there is no default route:"
                            + " nobody paged, channels only", incidentId, reason, owner);
                    Escalation e = escalation(incidentId, Escalation.UNROUTED, reason, triggerType, owner, null, now);
                    e.note = "no route for " + owner + " and no default route";
                    e.stoppedAt = now;
                    registry.counter("ir.paging.unrouted").increment();
                    return e.persist().replaceWithVoid();
                }
                RouteService.Route r = route.get();
                return Panache.getSession().chain(session -> session.createNativeQuery("""
                                INSERT INTO escalation (id, incident_id, status, reason, trigger_type, owner, policy, started_at,
                                                        next_repeat, next_level, next_fire_at)
                                VALUES (:id, :incident, 'active', :reason, :trigger, :owner, :policy, :now, 0, 1, :now)
                                ON CONFLICT (incident_id) WHERE status = 'active' DO NOTHING""")
                        .setParameter("id", UUID.randomUUID()).setParameter("incident", incidentId)
                        .setParameter("reason", reason).setParameter("trigger", triggerType)
                        .setParameter("owner", owner).setParameter("policy", r.policy()).setParameter("now", now)
                        .executeUpdate()).invoke(inserted -> {
                    if (inserted > 0) {
                        Log.infof("incident %s: escalation started on policy %s for %s%s (%s)", incidentId, r.policy(),
                                owner, r.fallback() ? " (default route)" : "", reason);
                    }
                }).replaceWithVoid();
            }));
        });
    }

    /**
     * Who is paged: {@code security} for a security incident when that route is configured (the playbook's
     * "security incident: security team"); otherwise the catalog owner of the root-cause service, else of the
     * first service; {@code default} when unknown.
     */
    private Uni<String> owner(IncidentState s, boolean security) {
        if (security) {
            return routes.route(SECURITY_OWNER).chain(r -> r.isPresent() && !r.get().fallback()
                    ? Uni.createFrom().item(SECURITY_OWNER) : owner(s, false));
        }
        String service = PagingTriggers.pagedService(s);
        return service == null ? Uni.createFrom().item("default")
                : CatalogService.<CatalogService>findById(service).map(c -> c == null || c.owner == null ? "default" : c.owner);
    }

    private static Escalation escalation(UUID incidentId, String status, String reason, String triggerType, String owner,
                                         String policy, Instant now) {
        Escalation e = new Escalation();
        e.id = UUID.randomUUID();
        e.incidentId = incidentId;
        e.status = status;
        e.reason = reason;
        e.triggerType = triggerType;
        e.owner = owner;
        e.policy = policy;
        e.startedAt = now;
        e.nextLevel = 1;
        return e;
    }

    // ---- the timer ---------------------------------------------------------------------------------------------

    @Scheduled(every = "${ir.paging.sweep-interval:1s}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return SafeContext.run(vertx, this::fireDue)
                .onFailure().invoke(f -> Log.warnf("paging sweep failed (the next sweep retries): %s", f.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * Fires every due level once: the escalations are claimed {@code FOR UPDATE SKIP LOCKED}, so a replica never
     * fires what another is firing, and the level's page rows, notifications, timeline entry and the next timer
     * commit together. The number of levels fired.
     */
    @WithTransaction
    public Uni<Integer> fireDue() {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        SELECT id FROM escalation WHERE status = 'active' AND next_fire_at <= now()
                        ORDER BY next_fire_at LIMIT :limit FOR UPDATE SKIP LOCKED""", UUID.class)
                .setParameter("limit", config.batchSize()).getResultList()).chain(ids -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (UUID id : ids) {
                chain = chain.chain(n -> Escalation.<Escalation>findById(id).chain(this::fire).map(fired -> n + fired));
            }
            return chain;
        });
    }

    private Uni<Integer> fire(Escalation e) {
        Instant now = Instant.now();
        return policies.policy(e.policy).chain(policy -> {
            List<EscalationPlan.Firing> firings = EscalationPlan.firings(policy, e.startedAt);
            int index = -1;
            for (int i = 0; i < firings.size(); i++) {
                if (firings.get(i).repeat() == e.nextRepeat && firings.get(i).level() == e.nextLevel) {
                    index = i;
                }
            }
            if (index < 0) {
                return exhaust(e, now, "policy " + e.policy + " has no level " + e.nextLevel + " (walk " + e.nextRepeat
                        + ") any more").replaceWith(0);
            }
            EscalationPlan.Firing firing = firings.get(index);
            EscalationPlan.Firing next = index + 1 < firings.size() ? firings.get(index + 1) : null;
            return advance(e, firing, next, now).chain(advanced -> {
                if (!advanced) {
                    Log.infof("incident %s: level %d of escalation %s not fired, it stopped meanwhile", e.incidentId,
                            e.nextLevel, e.id);
                    return Uni.createFrom().item(0);
                }
                return policies.pagesFor(policy, firing)
                        .chain(planned -> IncidentView.<IncidentView>findById(e.incidentId)
                                .chain(view -> page(e, policy, firing, planned,
                                        view == null ? IncidentState.empty(e.incidentId) : codec.toState(view), now)))
                        .replaceWith(1);
            });
        }).onFailure(NotFoundException.class).recoverWithUni(f -> {
            Log.warnf("incident %s: escalation policy %s is gone, escalation ends", e.incidentId, e.policy);
            return exhaust(e, now, f.getMessage()).replaceWith(0);
        });
    }

    /**
     * Moves the escalation past the level about to fire, only while it is still active at that level: the database
     * decides, so a level is never fired after an acknowledgement or the resolution, even one racing this sweep
     * (besides the row lock of the claim). The next level is due its delay after this one actually fires, not after
     * the plan's moment: a level that went out late (a busy sweep) still gives its people their whole delay to
     * acknowledge. True when this transaction may fire the level.
     */
    private Uni<Boolean> advance(Escalation e, EscalationPlan.Firing firing, EscalationPlan.Firing next, Instant now) {
        String guard = " WHERE id = :id AND status = 'active' AND next_repeat = :repeat AND next_level = :level";
        return Panache.getSession().chain(s -> {
            var q = next == null
                    ? s.createNativeQuery("UPDATE escalation SET status = 'exhausted', next_fire_at = NULL,"
                            + " stopped_at = :now, note = :note" + guard)
                    .setParameter("now", now).setParameter("note", "every level paged, nobody acknowledged")
                    : s.createNativeQuery("UPDATE escalation SET next_repeat = :nextRepeat, next_level = :nextLevel,"
                            + " next_fire_at = :nextAt" + guard)
                    .setParameter("nextRepeat", next.repeat()).setParameter("nextLevel", next.level())
                    .setParameter("nextAt", now.plus(next.after().minus(firing.after())));
            return q.setParameter("id", e.id).setParameter("repeat", e.nextRepeat).setParameter("level", e.nextLevel)
                    .executeUpdate();
        }).map(updated -> updated == 1);
    }

    /** Ends an escalation that cannot walk on (its policy changed or is gone), while it is still active. */
    private static Uni<Void> exhaust(Escalation e, Instant now, String note) {
        return Panache.getSession().chain(s -> s.createNativeQuery("UPDATE escalation SET status = 'exhausted',"
                        + " next_fire_at = NULL, stopped_at = :now, note = :note WHERE id = :id AND status = 'active'")
                .setParameter("now", now).setParameter("note", note).setParameter("id", e.id).executeUpdate())
                .replaceWithVoid();
    }

    /** One page row per user or channel the level reaches, then its notifications, then the timeline line. */
    private Uni<Void> page(Escalation e, EscalationPolicy policy, EscalationPlan.Firing firing,
                           List<EscalationPlan.PlannedPage> planned, IncidentState s, Instant now) {
        Map<String, List<EscalationPlan.PlannedPage>> byTarget = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (EscalationPlan.PlannedPage p : planned) {
            if (p.note() != null || p.contact() == null) {
                notes.add(p.note());
                continue;
            }
            byTarget.computeIfAbsent(p.user() != null ? "user:" + p.user() : "channel:" + p.channel(),
                    k -> new ArrayList<>()).add(p);
        }
        NotificationKind kind = firing.level() == 1 ? NotificationKind.page : NotificationKind.escalation;
        List<String> paged = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, List<EscalationPlan.PlannedPage>> target : byTarget.entrySet()) {
            List<EscalationPlan.PlannedPage> contacts = target.getValue();
            EscalationPlan.PlannedPage first = contacts.get(0);
            String methods = contacts.stream().map(c -> c.contact().name()).collect(Collectors.joining(","));
            String token = AckTokens.newToken();
            Page page = new Page();
            page.id = UUID.randomUUID();
            page.escalationId = e.id;
            page.incidentId = e.incidentId;
            page.repeat = firing.repeat();
            page.level = firing.level();
            page.target = target.getKey();
            page.user = first.user();
            page.channel = first.user() != null ? methods : first.channel();
            page.reason = e.reason;
            page.sentAt = now;
            page.tokenHash = AckTokens.hash(token);
            page.tokenExpiresAt = now.plus(config.ackLinkTtl());
            String who = first.user() != null ? first.user() + " (" + methods + ")" : "channel " + first.channel();
            paged.add(who);
            // the stored body shows the link redacted; the sender puts the token back into what it sends
            String text = PageText.text(s.severity(), s.displayTitle(), first.user() != null ? first.user() : "channel "
                    + first.channel(), firing.level(), firing.repeat(), e.reason, policy.name(),
                    AckLinks.link(config.publicUrl(), page.id, AckLinks.REDACTED), page.tokenExpiresAt);
            String body = codec.json(new NotificationMessage(e.incidentId, s.severity(),
                    StatusWords.publicWord(s.status()), kind.name(), text, s.displayTitle(), s.services(), now,
                    e.triggerType));
            List<Notification> deliveries = new ArrayList<>();
            for (EscalationPlan.PlannedPage c : contacts) {
                String method = c.contact().name().toLowerCase(Locale.ROOT);
                Notification n = new Notification();
                n.id = UUID.randomUUID();
                n.channel = c.user() != null ? "user:" + c.user() + ":" + method : c.channel();
                n.channelType = method;
                n.target = c.address();
                n.incidentId = e.incidentId;
                n.eventId = page.id;
                n.kind = kind.name();
                n.body = body;
                n.ackToken = token;
                n.status = Notification.PENDING;
                n.attempts = 0;
                n.nextAttemptAt = now;
                n.createdAt = now;
                deliveries.add(n);
            }
            // the page row first: it and its notifications commit together or not at all
            chain = chain.chain(() -> page.persist()).chain(() -> Panache.getSession().chain(ss -> ss.flush()))
                    .chain(() -> Notification.persist(deliveries));
            registry.counter("ir.pages", "kind", kind.name()).increment();
        }
        String summary = PageText.timeline(firing.level(), firing.repeat(), policy.name(), e.reason, paged, notes);
        Log.infof("incident %s: %s", e.incidentId, summary);
        return chain.chain(() -> timeline(e.incidentId, now, firing.level() == 1 && firing.repeat() == 0 ? "Paged" : "Escalated",
                summary));
    }

    static PageView view(Page p, Escalation e) {
        return new PageView(p.id, p.incidentId, p.user, p.level, p.channel, p.sentAt, e.acknowledgedAt,
                PageView.status(e.status), p.repeat, e.id, e.policy, p.reason, e.acknowledgedBy);
    }

    // ---- reading -----------------------------------------------------------------------------------------------

    /** The pages of an incident, oldest first. */
    public Uni<List<PageView>> list(UUID incidentId) {
        return pool.preparedQuery("""
                        SELECT p.id, p.incident_id, p.user_name, p.level, p.channel, p.sent_at, p.repeat, p.reason,
                               e.id AS escalation_id, e.status, e.policy, e.acknowledged_at, e.acknowledged_by
                        FROM page p JOIN escalation e ON e.id = p.escalation_id
                        WHERE p.incident_id = $1 ORDER BY p.sent_at, p.repeat, p.level, p.target""")
                .execute(Tuple.of(incidentId))
                .map(rows -> {
                    List<PageView> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new PageView(r.getUUID("id"), r.getUUID("incident_id"), r.getString("user_name"),
                                r.getInteger("level"), r.getString("channel"), instant(r.getOffsetDateTime("sent_at")),
                                instant(r.getOffsetDateTime("acknowledged_at")), PageView.status(r.getString("status")),
                                r.getInteger("repeat"), r.getUUID("escalation_id"), r.getString("policy"),
                                r.getString("reason"), r.getString("acknowledged_by")));
                    }
                    return out;
                });
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private Uni<Void> timeline(UUID incidentId, Instant at, String type, String summary) {
        return TimelineEntry.byComms(UUID.randomUUID(), incidentId, at, type, summary).persist().replaceWithVoid();
    }
}
