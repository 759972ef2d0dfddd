package io.irsuite.comms.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The JSON a webhook channel receives for one notification. */
public record NotificationMessage(UUID incidentId, String severity, String status, String kind, String text,
                                  String title, List<String> services, Instant at, String eventType) {

    /** The message for {@code kind} about the incident as it now is. */
    public static NotificationMessage of(NotificationKind kind, String eventType, Record payload, IncidentState s,
                                         Instant at) {
        return new NotificationMessage(s.id(), s.severity(), StatusWords.publicWord(s.status()), kind.name(),
                NotificationTemplates.text(kind, payload, s, at), s.displayTitle(), s.services(), at, eventType);
    }
}
