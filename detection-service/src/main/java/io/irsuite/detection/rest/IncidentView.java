package io.irsuite.detection.rest;

import io.irsuite.detection.domain.Incident;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An incident as the contract shows it (plus triageVersion, firingAlertCount, statusReason,
 * mergedInto: the incident this one was merged into, when it was; reopenedAt and reopenCount). */
public record IncidentView(UUID id, String title, String status, String severity, List<String> services,
                           int alertCount, int firingAlertCount, Instant startedAt, Instant detectedAt,
                           Instant acknowledgedAt, Instant mitigatedAt, Instant resolvedAt,
                           int triageVersion, String statusReason, UUID mergedInto, Instant reopenedAt,
                           int reopenCount) {

    static IncidentView of(Incident i) {
        return new IncidentView(i.id, i.title, i.status.name(), i.severity.name(), List.of(i.services),
                i.alertCount, i.firingCount, i.startedAt, i.detectedAt, i.acknowledgedAt, i.mitigatedAt,
                i.resolvedAt, i.triageVersion, i.statusReason, i.mergedInto, i.reopenedAt, i.reopenCount);
    }
}
