package io.irsuite.comms.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The JSON a webhook channel receives for one notification. */
public record NotificationMessage(UUID incidentId, String severity, String status, String kind, String text,
                                  String title, List<String> services, Instant at, String eventType) {

    /** The message for {@code kind} about the incident as it now is. */
    public static NotificationMessage of(NotificationKind kind, String eventType, Record payload, IncidentState s,
                                         Instant at, UpdateCadence cadence) {
        return of(kind, NotificationTemplates.text(kind, payload, s, at, cadence), s, at, eventType);
    }

    /** The message of {@code kind} with {@code text} about the incident as it now is. */
    public static NotificationMessage of(NotificationKind kind, String text, IncidentState s, Instant at, String eventType) {
        return new NotificationMessage(s.id(), s.severity(), StatusWords.publicWord(s.status()), kind.name(), text,
                s.displayTitle(), s.services(), at, eventType);
    }
}
