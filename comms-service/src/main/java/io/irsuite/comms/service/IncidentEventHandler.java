package io.irsuite.comms.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.comms.domain.IncidentProjection;
import io.irsuite.comms.domain.IncidentState;
import io.irsuite.comms.domain.IncidentView;
import io.irsuite.comms.domain.TimelineEntry;
import io.irsuite.comms.domain.TimelineSummaries;
import io.irsuite.comms.repository.IncidentViewRepository;
import io.irsuite.events.EventEnvelope;
import io.irsuite.events.EventType;
import io.irsuite.platform.inbox.Inbox;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Applies incident events to comms' state: the idempotency record, the timeline row, the incident
 * view, paging, and what stakeholders hear ({@link StakeholderUpdates}), in the transaction of the
 * event's batch (the consumer's group commit). Every type is applied, unknown ones too (the timeline
 * records them).
 */
@ApplicationScoped
public class IncidentEventHandler {

    /** What applying one event did. */
    private record Outcome(int deliveriesQueued) {
    }

    private final Inbox inbox;
    private final IncidentViewRepository views;
    private final IncidentStateCodec codec;
    private final ObjectMapper mapper;
    private final StatusHistoryRecorder statusHistory;
    private final PagingService paging;
    private final StakeholderUpdates updates;

    public IncidentEventHandler(Inbox inbox, IncidentViewRepository views, IncidentStateCodec codec,
                                ObjectMapper mapper, StatusHistoryRecorder statusHistory, PagingService paging,
                                StakeholderUpdates updates) {
        this.inbox = inbox;
        this.views = views;
        this.codec = codec;
        this.mapper = mapper;
        this.statusHistory = statusHistory;
        this.paging = paging;
        this.updates = updates;
    }

    /**
     * Applies a batch of events in one transaction, in order, each at most once (one statement records
     * them all as processed). The deliveries queued by all of them.
     */
    @WithTransaction
    public Uni<Integer> handleAll(List<EventEnvelope> envs) {
        return inbox.markProcessedAll(envs).chain(recorded -> {
            // a redelivered copy may share the batch with its original: the first one is applied
            Set<UUID> fresh = new HashSet<>(recorded);
            List<EventEnvelope> toApply = new ArrayList<>();
            for (EventEnvelope env : envs) {
                if (fresh.remove(env.eventId())) {
                    toApply.add(env);
                } else {
                    Log.debugf("event %s (%s) already processed, skipped", env.eventId(), env.type());
                }
            }
            // the views of the batch's incidents are locked (and created) together, once: one statement per event
            // was most of this consumer's work in a storm, and locking them in id order keeps replicas from deadlocking
            Set<UUID> incidents = new HashSet<>();
            toApply.stream().map(EventEnvelope::incidentId).filter(Objects::nonNull).forEach(incidents::add);
            return views.lockOrCreateAll(incidents).chain(locked -> {
                Uni<Integer> chain = Uni.createFrom().item(0);
                for (EventEnvelope env : toApply) {
                    chain = chain.chain(queued -> apply(env, locked).map(outcome -> queued + outcome.deliveriesQueued()));
                }
                return chain;
            });
        });
    }

    private Uni<Outcome> apply(EventEnvelope env, Map<UUID, IncidentView> locked) {
        Record payload = typedPayload(env);
        Instant at = env.occurredAt() != null ? env.occurredAt() : Instant.now();
        TimelineEntry entry = new TimelineEntry();
        entry.eventId = env.eventId();
        entry.incidentId = env.incidentId();
        entry.at = at;
        entry.type = env.type();
        entry.producer = env.producer();
        entry.summary = TimelineSummaries.summarize(env.type(), env.producer(), payload);
        entry.payload = env.payload() == null || env.payload().isNull() ? null : env.payload().toString();
        Uni<Void> timeline = entry.persist().replaceWithVoid();
        if (env.incidentId() == null) {
            return timeline.replaceWith(new Outcome(0));
        }
        IncidentView v = locked.get(env.incidentId());
        return timeline.chain(() -> {
            // the state is read from the row's JSON once per event and the new one written once
            IncidentState before = codec.toState(v);
            IncidentState after = payload == null ? before : IncidentProjection.apply(before, payload, at);
            codec.write(after, v);
            // paging: start, acknowledge or end the incident's escalation, in this event's transaction; the
            // status page's impact history follows the projection, under the same row lock
            return paging.onEvent(env, payload, before, after)
                    .chain(() -> updates.onEvent(env, payload, at, before, after)).map(Outcome::new)
                    .call(() -> statusHistory.record(before, after, at));
        });
    }

    /** The payload as its record, or null for an unknown type or an unreadable payload (then the timeline says so). */
    private Record typedPayload(EventEnvelope env) {
        EventType type = EventType.fromName(env.type());
        if (type == null || env.payload() == null || env.payload().isNull()) {
            return null;
        }
        try {
            return mapper.treeToValue(env.payload(), type.payloadType());
        } catch (Exception e) {
            Log.warnf("event %s (%s): payload unreadable, recorded without effect: %s", env.eventId(), env.type(),
                    e.getMessage());
            return null;
        }
    }
}
