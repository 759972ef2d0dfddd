package io.irsuite.events;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which incident event types each consuming service acts on, so that the broker routes to a
 * service's queue on {@link Addresses#INCIDENT_EVENTS} only those (in a storm most events are
 * AlertAttached, which detection and remediation have nothing to do with). Every publisher of the
 * suite labels each message with the application property {@link #TYPE_PROPERTY}, the envelope's
 * type; a queue's {@link #filter(String) filter} lets through its service's types and any message
 * without the label (a foreign publisher's, or one that is not an envelope at all), which the
 * consumer then ignores or dead-letters as before. Consumers still check the type themselves, so
 * a broker set up without these filters only costs them work.
 */
public final class Subscriptions {

    /** The AMQP application property naming the envelope's type. */
    public static final String TYPE_PROPERTY = "eventType";

    /**
     * Detection: the other services' events that move an incident's lifecycle (a page acknowledged through
     * comms' link acknowledges the incident).
     */
    public static final Set<EventType> DETECTION = Collections.unmodifiableSet(EnumSet.of(
            EventType.IncidentTriaged, EventType.RemediationStarted, EventType.RemediationSucceeded,
            EventType.RemediationFailed, EventType.RemediationRolledBack, EventType.PageAcknowledged));

    /** Triage: the alerts of an incident, its resolution, and how its remediation ended (learning). */
    public static final Set<EventType> TRIAGE = Collections.unmodifiableSet(EnumSet.of(
            EventType.IncidentOpened, EventType.AlertAttached, EventType.IncidentReopened,
            EventType.AlertResolved, EventType.IncidentResolved, EventType.RemediationSucceeded,
            EventType.RemediationFailed, EventType.RemediationRolledBack));

    /**
     * Remediation: a triage to plan from, the incident's end or return, and its alerts firing and
     * resolving (verified recovery waits for them).
     */
    public static final Set<EventType> REMEDIATION = Collections.unmodifiableSet(EnumSet.of(
            EventType.IncidentTriaged, EventType.IncidentResolved, EventType.IncidentReopened,
            EventType.IncidentOpened, EventType.AlertAttached, EventType.AlertResolved));

    /** Comms: every type (the timeline records them all). */
    public static final Set<EventType> COMMS = Collections.unmodifiableSet(EnumSet.allOf(EventType.class));

    private Subscriptions() {
    }

    /** The incident event types {@code service} (one of {@link Addresses#INCIDENT_CONSUMERS}) acts on. */
    public static Set<EventType> of(String service) {
        return switch (service) {
            case "detection" -> DETECTION;
            case "triage" -> TRIAGE;
            case "remediation" -> REMEDIATION;
            case "comms" -> COMMS;
            default -> throw new IllegalArgumentException("not a consumer of incident-events: " + service);
        };
    }

    /**
     * The broker filter of {@code service}'s queue on {@link Addresses#INCIDENT_EVENTS}, e.g.
     * {@code eventType IS NULL OR eventType IN ('IncidentTriaged', ...)}; null for a service that takes
     * every type.
     */
    public static String filter(String service) {
        Set<EventType> types = of(service);
        if (types.containsAll(EnumSet.allOf(EventType.class))) {
            return null;
        }
        return TYPE_PROPERTY + " IS NULL OR " + TYPE_PROPERTY + " IN ("
                + types.stream().map(t -> "'" + t.name() + "'").collect(Collectors.joining(", ")) + ")";
    }
}
