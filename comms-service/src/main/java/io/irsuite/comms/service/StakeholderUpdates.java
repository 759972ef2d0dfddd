package io.irsuite.comms.service;

import io.irsuite.comms.config.IrConfig;
import io.irsuite.comms.domain.Channel;
import io.irsuite.comms.domain.IncidentState;
import io.irsuite.comms.domain.IncidentUpdate;
import io.irsuite.comms.domain.IncidentView;
import io.irsuite.comms.domain.Notification;
import io.irsuite.comms.domain.NotificationKind;
import io.irsuite.comms.domain.NotificationMessage;
import io.irsuite.comms.domain.NotificationRules;
import io.irsuite.comms.domain.NotificationTemplates;
import io.irsuite.comms.domain.Severity;
import io.irsuite.comms.domain.TimelineEntry;
import io.irsuite.comms.domain.UpdateCadence;
import io.irsuite.comms.domain.UpdateDigest;
import io.irsuite.comms.domain.UpdateTimer;
import io.irsuite.comms.repository.ChannelRepository;
import io.irsuite.events.EventEnvelope;
import io.irsuite.platform.work.SafeContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What stakeholders hear, and when. The first notification and the resolution go out at once, and so does a
 * page; every other change only marks the incident's {@link UpdateTimer}: one update goes out a coalescing window
 * after the first change, stating the net change since the last update (none when nothing changed in the end),
 * and an active incident with a cadence gets an update whenever the cadence comes round with nothing said. The
 * timer lives in the database: a sweep on every replica fires due timers under {@code FOR UPDATE SKIP LOCKED},
 * so each update goes out once, also after a restart.
 */
@ApplicationScoped
public class StakeholderUpdates {

    private final ChannelRepository channels;
    private final IncidentStateCodec codec;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final UpdateCadence cadence;
    private final Duration window;
    private final int batchSize;

    public StakeholderUpdates(ChannelRepository channels, IncidentStateCodec codec, Vertx vertx, MeterRegistry registry,
                              IrConfig config) {
        this.channels = channels;
        this.codec = codec;
        this.vertx = vertx;
        this.registry = registry;
        IrConfig.Cadence c = config.comms().updateCadence();
        this.cadence = new UpdateCadence(c.sev1(), c.sev2(), c.sev3(), c.sev4());
        this.window = config.comms().updateCoalesceWindow();
        this.batchSize = config.comms().updateBatchSize();
    }

    /** The cadence the texts promise and the timer keeps. */
    public UpdateCadence cadence() {
        return cadence;
    }

    // ---- in the transaction of the event -----------------------------------------------------------------------

    /**
     * What one applied event means for stakeholders, in its transaction (the incident's view row is locked, so
     * events of one incident take turns). The number of deliveries queued now.
     */
    public Uni<Integer> onEvent(EventEnvelope env, Record payload, Instant at, IncidentState before, IncidentState after) {
        NotificationKind kind = payload == null ? null : NotificationRules.immediate(payload, before, after).orElse(null);
        Instant now = Instant.now();
        // a change is what an update would tell differently; it is folded into the next update
        boolean changed = after.active() && !Objects.equals(UpdateDigest.told(before), UpdateDigest.told(after));
        if (kind == NotificationKind.initial || kind == NotificationKind.resolution || kind == NotificationKind.page) {
            NotificationMessage message = NotificationMessage.of(kind, env.type(), payload, after, at, cadence);
            return fanOut(env.eventId(), message, after).call(() -> timer(after.id()).invoke(t -> {
                if (kind != NotificationKind.page) {
                    // the first notification and the resolution tell everything there is: nothing is pending any more
                    told(t, after, now, kind == NotificationKind.initial ? next(after, now) : null);
                } else if (changed) {
                    markChanged(t, now); // a page is for deciders; stakeholders still hear the change
                }
            }));
        }
        if (!changed) {
            return Uni.createFrom().item(0);
        }
        return timer(after.id()).invoke(t -> markChanged(t, now)).replaceWith(0);
    }

    private void markChanged(UpdateTimer t, Instant now) {
        t.pendingEvents++;
        if (t.dueAt == null) {
            t.dueAt = now.plus(window);
        }
    }

    private void told(UpdateTimer t, IncidentState s, Instant now, Instant nextUpdate) {
        t.announced = codec.json(UpdateDigest.told(s));
        t.announcedAt = now;
        t.pendingEvents = 0;
        t.dueAt = null;
        t.nextUpdateAt = nextUpdate;
    }

    private Instant next(IncidentState s, Instant now) {
        return s.active() ? cadence.of(s.severity()).map(now::plus).orElse(null) : null;
    }

    /** The incident's timer, locked; created empty when missing (the view row lock keeps that single). */
    private Uni<UpdateTimer> timer(UUID incidentId) {
        return UpdateTimer.<UpdateTimer>findById(incidentId, LockModeType.PESSIMISTIC_WRITE).chain(t -> {
            if (t != null) {
                return Uni.createFrom().item(t);
            }
            UpdateTimer created = new UpdateTimer();
            created.incidentId = incidentId;
            return created.<UpdateTimer>persist();
        });
    }

    /**
     * The stakeholder update of {@code message}: listed for the status page and queued for every channel whose
     * minimum severity admits the incident, all under {@code eventId} (one delivery per channel).
     */
    private Uni<Integer> fanOut(UUID eventId, NotificationMessage message, IncidentState s) {
        IncidentUpdate update = new IncidentUpdate();
        update.id = UUID.randomUUID();
        update.incidentId = s.id();
        update.eventId = eventId;
        update.at = message.at();
        update.kind = message.kind();
        update.status = message.status();
        update.severity = message.severity();
        update.text = message.text();
        Severity severity = Severity.orLowest(s.severity());
        String body = codec.json(message);
        return update.persist()
                .chain(() -> channels.list("order by name"))
                .chain(all -> {
                    List<Notification> deliveries = new ArrayList<>();
                    Instant now = Instant.now();
                    for (Channel c : all) {
                        if (!Severity.orLowest(c.minSeverity).admits(severity)) {
                            continue;
                        }
                        Notification n = new Notification();
                        n.id = UUID.randomUUID();
                        n.channel = c.name;
                        n.channelType = c.type;
                        n.target = c.target();
                        n.incidentId = s.id();
                        n.eventId = eventId;
                        n.kind = message.kind();
                        n.body = body;
                        n.status = Notification.PENDING;
                        n.attempts = 0;
                        n.nextAttemptAt = now;
                        n.createdAt = now;
                        deliveries.add(n);
                    }
                    if (deliveries.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return Notification.persist(deliveries).replaceWith(deliveries.size());
                });
    }

    // ---- the timer ---------------------------------------------------------------------------------------------

    @Scheduled(every = "${ir.comms.update-sweep-interval:1s}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return SafeContext.run(vertx, this::fireDue)
                .onFailure().invoke(f -> Log.warnf("update sweep failed (the next sweep retries): %s", f.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * Fires every due timer once: timers are claimed {@code FOR UPDATE SKIP LOCKED}, so a replica never fires what
     * another is firing, and the update, its deliveries, the timeline line and the next timer commit together.
     * The number of updates sent.
     */
    @WithTransaction
    public Uni<Integer> fireDue() {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        SELECT incident_id FROM update_timer WHERE due_at <= now() OR next_update_at <= now()
                        ORDER BY coalesce(due_at, next_update_at) LIMIT :limit FOR UPDATE SKIP LOCKED""", UUID.class)
                .setParameter("limit", batchSize).getResultList()).chain(ids -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (UUID id : ids) {
                chain = chain.chain(n -> UpdateTimer.<UpdateTimer>findById(id)
                        .chain(t -> IncidentView.<IncidentView>findById(id).chain(view -> fire(t, view)))
                        .map(sent -> n + sent));
            }
            return chain;
        });
    }

    private Uni<Integer> fire(UpdateTimer t, IncidentView view) {
        Instant now = Instant.now();
        IncidentState s = view == null ? null : codec.toState(view);
        if (s == null || !s.active()) {
            t.pendingEvents = 0;
            t.dueAt = null;
            t.nextUpdateAt = null;
            return Uni.createFrom().item(0);
        }
        UpdateDigest.Told was = codec.told(t.announced);
        UpdateDigest.Told current = UpdateDigest.told(s);
        Optional<Duration> every = cadence.of(s.severity());
        boolean coalesced = t.dueAt != null && !t.dueAt.isAfter(now);
        boolean send = coalesced ? UpdateDigest.worthAnUpdate(was, current, every.isPresent()) : every.isPresent();
        if (!send) {
            t.pendingEvents = 0;
            t.dueAt = null;
            if (!coalesced) {
                t.nextUpdateAt = null; // no cadence at this severity (any more)
            }
            return Uni.createFrom().item(0);
        }
        List<String> changes = UpdateDigest.changes(was, current);
        int folded = t.pendingEvents;
        Instant lastUpdate = t.announcedAt;
        t.seq++;
        UUID updateId = UUID.nameUUIDFromBytes(("comms-update:" + t.incidentId + ":" + t.seq).getBytes(StandardCharsets.UTF_8));
        String text = NotificationTemplates.timed(changes, lastUpdate, s, now, cadence);
        NotificationMessage message = NotificationMessage.of(NotificationKind.update, text, s, now, null);
        told(t, s, now, next(s, now));
        String trigger = coalesced ? "coalesced" : "cadence";
        registry.counter("ir.stakeholder.updates", "trigger", trigger).increment();
        String summary = coalesced
                ? "Stakeholder update (" + folded + (folded == 1 ? " change" : " changes") + " coalesced): "
                + (changes.isEmpty() ? "no net change" : String.join("; ", changes))
                : "Stakeholder update on the " + s.severity() + " cadence: "
                + (changes.isEmpty() ? "no change since the last update" : String.join("; ", changes));
        return fanOut(updateId, message, s).call(queued -> {
            Log.infof("incident %s: %s (%d deliveries)", t.incidentId, summary, queued);
            return TimelineEntry.byComms(updateId, t.incidentId, now, "StakeholderUpdate", summary).persist();
        });
    }
}
