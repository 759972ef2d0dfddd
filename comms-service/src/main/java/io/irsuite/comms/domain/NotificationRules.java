package io.irsuite.comms.domain;

import io.irsuite.events.Payloads;

import java.util.Objects;
import java.util.Optional;

/** Which events notify stakeholders, and with which kind. Pure. */
public final class NotificationRules {

    private NotificationRules() {
    }

    /**
     * @param payload the typed payload of the event
     * @param before  the incident before the event
     * @param after   the incident after the event
     */
    public static Optional<NotificationKind> kindFor(Record payload, IncidentState before, IncidentState after) {
        if (payload instanceof Payloads.IncidentOpened) {
            return Optional.of(NotificationKind.initial);
        }
        if (payload instanceof Payloads.IncidentTriaged) {
            return triageChanged(before, after) ? Optional.of(NotificationKind.update) : Optional.empty();
        }
        if (payload instanceof Payloads.IncidentSeverityChanged p) {
            return Objects.equals(p.from(), p.to()) ? Optional.empty() : Optional.of(NotificationKind.update);
        }
        if (payload instanceof Payloads.IncidentStatusChanged p) {
            return StatusWords.MITIGATING.equals(p.to()) && StatusWords.MITIGATING.equals(after.status())
                    ? Optional.of(NotificationKind.update) : Optional.empty();
        }
        if (payload instanceof Payloads.IncidentMitigated
                || payload instanceof Payloads.RemediationFailed
                || payload instanceof Payloads.RemediationRolledBack) {
            return Optional.of(NotificationKind.update);
        }
        if (payload instanceof Payloads.RemediationApprovalRequested) {
            return Optional.of(NotificationKind.page);
        }
        if (payload instanceof Payloads.IncidentResolved) {
            return StatusWords.RESOLVED.equals(after.status()) ? Optional.of(NotificationKind.resolution) : Optional.empty();
        }
        return Optional.empty();
    }

    /** The first triage, or a newer one that changed the severity or the root cause. */
    static boolean triageChanged(IncidentState before, IncidentState after) {
        if (after.triageVersion() == before.triageVersion()) {
            return false; // stale or repeated version: nothing new to say
        }
        if (before.triageVersion() == 0) {
            return true;
        }
        return !Objects.equals(before.severity(), after.severity())
                || !sameCause(before.rootCause(), after.rootCause());
    }

    private static boolean sameCause(Payloads.RootCause a, Payloads.RootCause b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Objects.equals(a.service(), b.service()) && Objects.equals(a.category(), b.category());
    }
}
