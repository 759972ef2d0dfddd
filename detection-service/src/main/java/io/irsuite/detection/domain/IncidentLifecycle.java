package io.irsuite.detection.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static io.irsuite.detection.domain.IncidentStatus.MITIGATING;
import static io.irsuite.detection.domain.IncidentStatus.MONITORING;
import static io.irsuite.detection.domain.IncidentStatus.OPEN;
import static io.irsuite.detection.domain.IncidentStatus.RESOLVED;
import static io.irsuite.detection.domain.IncidentStatus.TRIAGED;

/** Which event moves an incident from which status to which; empty means "no transition". */
public final class IncidentLifecycle {

    public static final String ALL_ALERTS_RESOLVED = "all alerts resolved";
    public static final String RESOLVED_ON_THEIR_OWN = "alerts resolved on their own";

    private IncidentLifecycle() {
    }

    public static Optional<IncidentStatus> afterTriage(IncidentStatus current) {
        return current == OPEN ? Optional.of(TRIAGED) : Optional.empty();
    }

    public static Optional<IncidentStatus> afterRemediationStarted(IncidentStatus current) {
        return current == OPEN || current == TRIAGED ? Optional.of(MITIGATING) : Optional.empty();
    }

    public static Optional<IncidentStatus> afterRemediationSucceeded(IncidentStatus current) {
        return current == OPEN || current == TRIAGED || current == MITIGATING
                ? Optional.of(MONITORING) : Optional.empty();
    }

    /** A failed or rolled-back remediation hands the incident back to people. */
    public static Optional<IncidentStatus> afterRemediationFailed(IncidentStatus current) {
        return current == MITIGATING ? Optional.of(TRIAGED) : Optional.empty();
    }

    /**
     * Whether an incident resolves without a person, and why: in MONITORING once every alert is
     * resolved, or after a quiet stabilisation window since mitigation and since the last new firing
     * alert; in any state once every
     * alert has been resolved for the window.
     */
    public static Optional<String> autoResolveReason(IncidentStatus status, int firingCount, Instant mitigatedAt,
                                                     Instant lastFiringAt, Instant allResolvedAt,
                                                     Instant now, Duration window) {
        if (status == RESOLVED) {
            return Optional.empty();
        }
        if (status == MONITORING && firingCount == 0) {
            return Optional.of(ALL_ALERTS_RESOLVED);
        }
        // a new alert after mitigation restarts the window instead of blocking it for good
        Instant quietSince = lastFiringAt != null && mitigatedAt != null && lastFiringAt.isAfter(mitigatedAt)
                ? lastFiringAt : mitigatedAt;
        if (status == MONITORING && quietSince != null && !quietSince.plus(window).isAfter(now)) {
            return Optional.of("stable for " + Durations.human(window) + " after mitigation");
        }
        if (firingCount == 0 && allResolvedAt != null && !allResolvedAt.plus(window).isAfter(now)) {
            return Optional.of(RESOLVED_ON_THEIR_OWN);
        }
        return Optional.empty();
    }
}
