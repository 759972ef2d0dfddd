package io.irsuite.comms.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.comms.domain.IncidentState;
import io.irsuite.comms.domain.IncidentView;
import io.irsuite.comms.domain.Notification;
import io.irsuite.comms.domain.Postmortem;
import io.irsuite.comms.domain.PostmortemBuilder;
import io.irsuite.comms.domain.TimelineEntry;
import io.irsuite.comms.repository.ActionItemRepository;
import io.irsuite.comms.repository.IncidentViewRepository;
import io.irsuite.comms.repository.NotificationRepository;
import io.irsuite.comms.repository.TimelineRepository;
import io.irsuite.events.EventType;
import io.irsuite.platform.problem.NotFoundException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Reads of one incident: timeline, deliveries, postmortem draft. 404 for an incident never seen. */
@ApplicationScoped
public class IncidentQueries {

    private final IncidentViewRepository views;
    private final TimelineRepository timeline;
    private final NotificationRepository notifications;
    private final IncidentStateCodec codec;
    private final ObjectMapper mapper;
    private final ActionItemRepository actionItems;

    public IncidentQueries(IncidentViewRepository views, TimelineRepository timeline,
                           NotificationRepository notifications, IncidentStateCodec codec, ObjectMapper mapper,
                           ActionItemRepository actionItems) {
        this.actionItems = actionItems;
        this.views = views;
        this.timeline = timeline;
        this.notifications = notifications;
        this.codec = codec;
        this.mapper = mapper;
    }

    @WithSession
    public Uni<List<TimelineEntry>> timeline(UUID incidentId) {
        return known(incidentId).chain(() -> timeline.forIncident(incidentId));
    }

    @WithSession
    public Uni<List<Notification>> notifications(UUID incidentId) {
        return known(incidentId).chain(() -> notifications.forIncident(incidentId));
    }

    /** An incident's state and typed timeline: what the postmortem and the seeded action items are drafted from. */
    public record Draft(IncidentState state, List<Postmortem.TimelineItem> items) {
    }

    @WithSession
    public Uni<Postmortem> postmortem(UUID incidentId) {
        return known(incidentId).chain(view -> draft(view).chain(d -> actionItems.forIncident(incidentId).map(list ->
                PostmortemBuilder.build(d.state(), d.items(), list.stream().map(a -> new Postmortem.ActionItem(
                        a.title, a.owner, a.priority, a.dueDate.toString(), a.status)).toList()))));
    }

    /** The state and typed timeline of an incident; empty when comms never heard of it. */
    @WithSession
    public Uni<java.util.Optional<Draft>> draft(UUID incidentId) {
        return views.findById(incidentId).chain(view -> view == null
                ? Uni.createFrom().item(java.util.Optional.<Draft>empty())
                : draft(view).map(java.util.Optional::of));
    }

    /** The draft inputs of a stored incident, in the caller's session. */
    public Uni<Draft> draft(IncidentView view) {
        return timeline.forIncident(view.incidentId).map(entries -> new Draft(codec.toState(view), entries.stream()
                .map(e -> new Postmortem.TimelineItem(e.at, e.type, e.producer, e.summary, typed(e)))
                .toList()));
    }

    /** 404 unless comms has seen the incident. */
    public Uni<IncidentView> requireKnown(UUID incidentId) {
        return known(incidentId);
    }

    private Uni<IncidentView> known(UUID incidentId) {
        return views.findById(incidentId).onItem().ifNull()
                .failWith(() -> new NotFoundException("incident " + incidentId + " is unknown to comms"));
    }

    private Record typed(TimelineEntry e) {
        EventType type = EventType.fromName(e.type);
        if (type == null || e.payload == null) {
            return null;
        }
        try {
            return mapper.readValue(e.payload, type.payloadType());
        } catch (Exception ex) {
            return null;
        }
    }
}
