package io.irsuite.comms.domain;

import io.irsuite.events.EventType;
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
        if (payload instanceof Payloads.IncidentMitigated) {
            return Optional.of(NotificationKind.update);
        }
        if (payload instanceof Payloads.RemediationFailed p) {
            return afterAutomationEnded(p.failure(), after);
        }
        if (payload instanceof Payloads.RemediationRolledBack p) {
            return afterAutomationEnded(p.failure(), after);
        }
        if (payload instanceof Payloads.RemediationApprovalRequested) {
            return Optional.of(NotificationKind.page);
        }
        if (payload instanceof Payloads.RemediationOverdue) {
            // the playbook's escalation trigger "MTTR target exceeded"
            return after.active() ? Optional.of(NotificationKind.page) : Optional.empty();
        }
        if (payload instanceof Payloads.IncidentResolved) {
            return StatusWords.RESOLVED.equals(after.status()) ? Optional.of(NotificationKind.resolution) : Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * A remediation ended without fixing the incident. Automation that gave up on an open incident needs a
     * person: a page. A rejection or a cancel came from a person (or the incident's end), so it is at most an
     * update: none when the incident is already resolved (its resolution said so).
     */
    static Optional<NotificationKind> afterAutomationEnded(String failure, IncidentState after) {
        if (!Payloads.RemediationFailures.needsPerson(failure)) {
            return after.active() ? Optional.of(NotificationKind.update) : Optional.empty();
        }
        return Optional.of(after.active() ? NotificationKind.page : NotificationKind.update);
    }

    /** Why a {@code page} went out, for the {@code PageSent} event, by the type of the event that caused it. */
    public static String pageReason(String eventType) {
        EventType type = EventType.fromName(eventType);
        if (type == null) {
            return "a person is needed";
        }
        return switch (type) {
            case RemediationApprovalRequested -> "a remediation awaits approval";
            case RemediationFailed, RemediationRolledBack -> "automated remediation gave up: a person must take over";
            case RemediationOverdue -> "MTTR target exceeded with automation still running";
            default -> "a person is needed";
        };
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
