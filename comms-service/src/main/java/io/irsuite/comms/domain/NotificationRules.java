package io.irsuite.comms.domain;

import io.irsuite.events.EventType;
import io.irsuite.events.Payloads;

import java.util.Optional;

/**
 * Which events notify at once, and with which kind: the first notification, a page (a person must decide or take
 * over) and the resolution. Every other change is told by the next coalesced or cadence update
 * ({@link UpdateDigest}). Pure.
 */
public final class NotificationRules {

    private NotificationRules() {
    }

    /**
     * @param payload the typed payload of the event
     * @param before  the incident before the event
     * @param after   the incident after the event
     */
    public static Optional<NotificationKind> immediate(Record payload, IncidentState before, IncidentState after) {
        if (payload instanceof Payloads.IncidentOpened) {
            return Optional.of(NotificationKind.initial);
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
     * person: a page. A rejection or a cancel came from a person (or the incident's end): the next update tells it,
     * and on a resolved incident the resolution already did.
     */
    static Optional<NotificationKind> afterAutomationEnded(String failure, IncidentState after) {
        return Payloads.RemediationFailures.needsPerson(failure) && after.active() ? Optional.of(NotificationKind.page)
                : Optional.empty();
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
}
