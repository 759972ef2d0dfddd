package io.irsuite.comms.domain.paging;

import io.irsuite.comms.domain.IncidentState;
import io.irsuite.events.Payloads;

import java.util.List;
import java.util.Optional;

/** When an incident needs a person (the list), and why, in words a page can carry. Pure. */
public final class PagingTriggers {

    public static final String SEV1 = "SEV1";
    /** Triage's root-cause category of an attack, a breach or an expired certificate. */
    public static final String SECURITY = "security";

    private PagingTriggers() {
    }

    /**
     * Why this event means a person must be paged now, or empty. SEV1 pages when the incident becomes SEV1 (opened,
     * re-triaged or raised), not on every later event that repeats it, so an acknowledged SEV1 is not paged again.
     */
    public static Optional<String> reason(Record payload, IncidentState before, IncidentState after) {
        if (payload == null || !after.active()) {
            return Optional.empty();
        }
        Optional<String> signal = signal(payload);
        if (signal.isPresent()) {
            return signal;
        }
        if (payload instanceof Payloads.IncidentOpened
                || payload instanceof Payloads.IncidentTriaged
                || payload instanceof Payloads.IncidentSeverityChanged) {
            if (SEV1.equals(after.severity()) && !SEV1.equals(before.severity())) {
                return Optional.of("SEV1 detected");
            }
            // the playbook's "security incident" trigger: triage reads the root cause as security (an attack at
            // the edge, unauthorised access), whatever the severity; once, when the reading appears
            return securityRootCause(after) && !securityRootCause(before)
                    ? Optional.of("security incident (" + after.rootCause().service() + ")") : Optional.empty();
        }
        if (payload instanceof Payloads.RemediationApprovalRequested p) {
            return Optional.of("a remediation awaits approval (" + p.action() + " on " + p.target() + ")");
        }
        if (payload instanceof Payloads.RemediationFailed p) {
            return automationEnded(p.failure(), p.action(), p.target());
        }
        if (payload instanceof Payloads.RemediationRolledBack p) {
            return automationEnded(p.failure(), p.action(), p.target());
        }
        if (payload instanceof Payloads.RemediationOverdue p) {
            return Optional.of("MTTR target exceeded (" + p.elapsedSeconds() / 60 + " min elapsed, target "
                    + p.mttrTargetSeconds() / 60 + " min)");
        }
        return Optional.empty();
    }

    /**
     * Whether the escalation this event starts belongs to the security team (the route of owner {@code security}
     * when one is configured): triage reads the root cause as security, or an alert carries a security signal.
     */
    public static boolean forSecurityTeam(Record payload, IncidentState after) {
        return securityRootCause(after) || alertsOf(payload).stream().anyMatch(alert ->
                alert != null && alert.metrics() != null && Boolean.TRUE.equals(alert.metrics().securityBreach()));
    }

    /** Triage reads the root cause as security. */
    public static boolean securityRootCause(IncidentState s) {
        return s.rootCause() != null && SECURITY.equals(s.rootCause().category());
    }

    /** The service whose catalog owner is paged: the root cause's, else the incident's first; null when none is known. */
    public static String pagedService(IncidentState s) {
        if (s.rootCause() != null && s.rootCause().service() != null) {
            return s.rootCause().service();
        }
        return s.services().isEmpty() ? null : s.services().get(0);
    }

    static Optional<String> automationEnded(String failure, String action, String target) {
        if (!Payloads.RemediationFailures.needsPerson(failure)) {
            return Optional.empty();
        }
        String what = action + " on " + target;
        if (Payloads.RemediationFailures.NOT_RECOVERED.equals(failure)) {
            return Optional.of("recovery not verified after " + what);
        }
        return Optional.of("automated remediation gave up (" + what + ")");
    }

    /** A data-loss or security signal in an alert of the incident. */
    static Optional<String> signal(Record payload) {
        for (Payloads.Alert alert : alertsOf(payload)) {
            if (alert == null || alert.metrics() == null) {
                continue;
            }
            if (Boolean.TRUE.equals(alert.metrics().dataLoss())) {
                return Optional.of("data loss signalled by " + alert.name());
            }
            if (Boolean.TRUE.equals(alert.metrics().securityBreach())) {
                return Optional.of("security signal from " + alert.name());
            }
        }
        return Optional.empty();
    }

    private static List<Payloads.Alert> alertsOf(Record payload) {
        if (payload instanceof Payloads.AlertAttached p) {
            return p.alerts();
        }
        Payloads.Alert one = payload instanceof Payloads.IncidentOpened p ? p.alert()
                : payload instanceof Payloads.IncidentReopened p ? p.alert() : null;
        return one == null ? List.of() : List.of(one);
    }
}
