package io.irsuite.detection.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static io.irsuite.detection.domain.IncidentStatus.MITIGATING;
import static io.irsuite.detection.domain.IncidentStatus.MONITORING;
import static io.irsuite.detection.domain.IncidentStatus.OPEN;
import static io.irsuite.detection.domain.IncidentStatus.REOPENED;
import static io.irsuite.detection.domain.IncidentStatus.RESOLVED;
import static io.irsuite.detection.domain.IncidentStatus.TRIAGED;

/** Which event moves an incident from which status to which; empty means "no transition". */
public final class IncidentLifecycle {

    public static final String ALERTS_RESOLVED = "every alert resolved";

    private IncidentLifecycle() {
    }

    public static Optional<IncidentStatus> afterTriage(IncidentStatus current) {
        return current == OPEN || current == REOPENED ? Optional.of(TRIAGED) : Optional.empty();
    }

    /** A dry run only describes its steps: nothing is being mitigated. */
    public static Optional<IncidentStatus> afterRemediationStarted(IncidentStatus current, boolean dryRun) {
        return !dryRun && (current == OPEN || current == TRIAGED || current == REOPENED)
                ? Optional.of(MITIGATING) : Optional.empty();
    }

    /** A dry run changed nothing, so there is no recovery to monitor. */
    public static Optional<IncidentStatus> afterRemediationSucceeded(IncidentStatus current, boolean dryRun) {
        return !dryRun && (current == OPEN || current == TRIAGED || current == MITIGATING || current == REOPENED)
                ? Optional.of(MONITORING) : Optional.empty();
    }

    /**
     * When an acknowledgement reported by another service (a page's link in comms, at {@code reported}) took
     * place: that instant, kept within [{@code detectedAt}, {@code now}] so that another clock cannot make
     * the time to acknowledge negative or in the future; {@code now} when not reported.
     */
    public static Instant acknowledgedAt(Instant reported, Instant detectedAt, Instant now) {
        if (reported == null || reported.isAfter(now)) {
            return now;
        }
        return detectedAt != null && reported.isBefore(detectedAt) ? detectedAt : reported;
    }

    /** A failed or rolled-back remediation hands the incident back to people. */
    public static Optional<IncidentStatus> afterRemediationFailed(IncidentStatus current) {
        return current == MITIGATING ? Optional.of(TRIAGED) : Optional.empty();
    }

    /**
     * Whether an incident resolves without a person, and why. Verified recovery only: never while one
     * of its alerts fires; once every alert has been resolved for the stabilisation window (in
     * MONITORING, the window also runs from the mitigation), in any status.
     */
    public static Optional<String> autoResolveReason(IncidentStatus status, int firingCount, Instant mitigatedAt,
                                                     Instant allResolvedAt, Instant now, Duration window) {
        if (status == RESOLVED || firingCount > 0 || allResolvedAt == null) {
            return Optional.empty();
        }
        boolean monitoring = status == MONITORING && mitigatedAt != null;
        Instant quietSince = monitoring && mitigatedAt.isAfter(allResolvedAt) ? mitigatedAt : allResolvedAt;
        if (quietSince.plus(window).isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(monitoring
                ? "mitigated, every alert resolved and stable for " + Durations.human(window)
                : ALERTS_RESOLVED + " and stayed resolved for " + Durations.human(window));
    }

    /**
     * Whether a firing alert of a resolved incident reopens it: within {@code reopenWindow} of its
     * resolution, unless it was merged into another incident (that one carries its alerts now).
     */
    public static boolean reopens(IncidentStatus status, Instant resolvedAt, boolean merged, Instant now,
                                  Duration reopenWindow) {
        return status == RESOLVED && !merged && resolvedAt != null && resolvedAt.plus(reopenWindow).isAfter(now);
    }
}
