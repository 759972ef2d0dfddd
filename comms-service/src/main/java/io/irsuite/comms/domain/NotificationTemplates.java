package io.irsuite.comms.domain;

import io.irsuite.events.Payloads;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The playbook's message templates: initial (what, impact, severity, status), update (status, impact,
 * actions taken, next steps, next update time by the severity cadence), page (a person must decide, or
 * take over from automation that gave up or outran the MTTR target), resolution (duration, root cause,
 * resolution). Pure.
 */
public final class NotificationTemplates {

    private NotificationTemplates() {
    }

    /**
     * The message text for {@code kind}, caused by {@code payload} at {@code at}, with the incident as it now is;
     * {@code cadence} promises the next update.
     */
    public static String text(NotificationKind kind, Record payload, IncidentState s, Instant at, UpdateCadence cadence) {
        return switch (kind) {
            case initial -> initial(s, at, cadence);
            // updates are timed and state the net change (timed); pages of a policy and handoffs have their own texts
            case update, escalation, handoff -> throw new IllegalArgumentException(kind + " is not sent for one event");
            case page -> page(payload, s);
            case resolution -> resolution(payload, s, at);
        };
    }

    /**
     * The update that stakeholders get when the coalescing window closes ({@code changes}: the net change since
     * the last update, in words) or when the cadence comes round with nothing new ({@code changes} empty, then
     * {@code lastUpdate} says since when).
     */
    public static String timed(List<String> changes, Instant lastUpdate, IncidentState s, Instant at, UpdateCadence cadence) {
        String headline = !changes.isEmpty() ? String.join("; ", changes)
                : "no change since the last update" + (lastUpdate == null ? "" : " at " + Texts.clock(lastUpdate));
        return update(headline, s, at, cadence);
    }

    static String initial(IncidentState s, Instant at, UpdateCadence cadence) {
        String sev = sev(s);
        return "[" + sev + "] Investigating: " + s.displayTitle() + ". "
                + "Impact: " + impact(s) + ". "
                + "Severity: " + sev + ". "
                + "Status: " + StatusWords.publicWord(s.status()) + ". "
                + nextUpdate(s, at, cadence);
    }

    private static String update(String headline, IncidentState s, Instant at, UpdateCadence cadence) {
        List<String> parts = new ArrayList<>();
        parts.add("[" + sev(s) + "] Update on " + s.displayTitle() + ": " + headline + ".");
        parts.add("Status: " + StatusWords.publicWord(s.status()) + ".");
        parts.add("Impact: " + impact(s) + ".");
        parts.add("Actions taken: " + actionsTaken(s) + ".");
        parts.add("Next steps: " + nextSteps(s) + ".");
        parts.add(nextUpdate(s, at, cadence));
        return String.join(" ", parts);
    }

    static String page(Record payload, IncidentState s) {
        if (payload instanceof Payloads.RemediationFailed p) {
            return gaveUp(s, p.executionId(), Texts.actionWithRunbook(p.action(), p.target(), p.runbookId()),
                    ended(false, p.failure(), p.error()));
        }
        if (payload instanceof Payloads.RemediationRolledBack p) {
            return gaveUp(s, p.executionId(), Texts.actionWithRunbook(p.action(), p.target(), p.runbookId()),
                    ended(true, p.failure(), p.reason()));
        }
        if (payload instanceof Payloads.RemediationOverdue p) {
            return "[" + sev(s) + "] MTTR target exceeded on " + s.displayTitle() + ": "
                    + RemediationWords.overdue(p.severity(), p.mttrTargetSeconds(), p.elapsedSeconds())
                    + " (" + Texts.actionWithRunbook(p.action(), p.target(), p.runbookId()) + "). A person must step in."
                    + execution(p.executionId()) + " Impact: " + impact(s) + ".";
        }
        String what = s.remediation() == null ? "a remediation" : s.remediation().describe();
        String why = payload instanceof Payloads.RemediationApprovalRequested p && !Texts.blank(p.reason())
                ? " (" + Texts.clip(p.reason()) + ")" : "";
        String exec = s.remediation() != null && s.remediation().executionId() != null
                ? " Approve or reject execution " + s.remediation().executionId() + " on remediation-service." : "";
        return "[" + sev(s) + "] Decision needed on " + s.displayTitle() + ": " + what + " awaits approval" + why + "."
                + exec + " Impact: " + impact(s) + ".";
    }

    /** Automation ended without fixing the incident: a person has to take over. */
    private static String gaveUp(IncidentState s, java.util.UUID executionId, String what, String how) {
        return "[" + sev(s) + "] Automation gave up on " + s.displayTitle() + ": " + what + " " + how + "."
                + " A person must take over remediation." + execution(executionId) + " Impact: " + impact(s) + ".";
    }

    private static String execution(java.util.UUID executionId) {
        return executionId == null ? "" : " Execution " + executionId + " on remediation-service.";
    }

    static String resolution(Record payload, IncidentState s, Instant at) {
        Instant end = s.resolvedAt() != null ? s.resolvedAt() : at;
        String duration = s.startedAt() == null ? "unknown" : Texts.duration(Duration.between(s.startedAt(), end));
        String how = "";
        if (payload instanceof Payloads.IncidentResolved p) {
            how = !Texts.blank(p.reason()) ? p.reason() : !Texts.blank(p.note()) ? p.note()
                    : !Texts.blank(p.by()) ? "resolved by " + p.by() : "";
        }
        List<String> resolution = new ArrayList<>();
        if (s.remediation() != null) {
            resolution.add(s.remediation().describe() + " " + s.remediation().outcome());
        }
        if (!Texts.blank(how)) {
            resolution.add(Texts.clip(how));
        }
        return "[" + sev(s) + "] Resolved: " + s.displayTitle() + ". "
                + "Duration: " + duration + ". "
                + "Root cause: " + rootCause(s) + ". "
                + "Resolution: " + (resolution.isEmpty() ? "resolved" : String.join("; ", resolution)) + ". "
                + "Impact: " + impact(s) + ". "
                + "Follow-up: a postmortem draft is ready for review.";
    }

    static String actionsTaken(IncidentState s) {
        RemediationState r = s.remediation();
        if (r == null) {
            return "none yet";
        }
        if (RemediationState.RUNNING.equals(r.status())) {
            return r.describe() + " started" + (r.dryRun() ? " (" + RemediationWords.DRY_RUN_STARTED + ")" : "")
                    + (r.overdue() == null ? "" : "; " + r.overdue());
        }
        return r.describe() + " " + r.outcome();
    }

    /** "failed (HTTP 503)" from an older producer, "failed: a step failed — HTTP 503" when the kind is known. */
    private static String ended(boolean rolledBack, String failure, String detail) {
        if (RemediationWords.failure(failure) != null) {
            return RemediationWords.ended(rolledBack, failure, detail);
        }
        return RemediationWords.ended(rolledBack, null) + (Texts.blank(detail) ? "" : " (" + Texts.clip(detail) + ")");
    }

    static String nextSteps(IncidentState s) {
        RemediationState r = s.remediation();
        String status = s.statusOrOpen();
        if (r != null && r.gaveUp() && StatusWords.isActive(status) && !StatusWords.MONITORING.equals(status)) {
            return "responders take over remediation";
        }
        return switch (status) {
            case StatusWords.MITIGATING -> "apply the remediation and validate recovery";
            case StatusWords.MONITORING -> "watch recovery, then resolve";
            case StatusWords.RESOLVED -> "postmortem";
            default -> s.actions().isEmpty() ? "find the root cause"
                    : "recommended " + Texts.actionPhrase(s.actions().get(0).action(), s.actions().get(0).target());
        };
    }

    static String nextUpdate(IncidentState s, Instant at, UpdateCadence cadence) {
        return cadence.of(s.severity()).map(d -> "Next update by " + Texts.clock(at.plus(d)) + ".")
                .orElse("Next update at resolution.");
    }

    static String rootCause(IncidentState s) {
        Payloads.RootCause rc = s.rootCause();
        if (rc == null || Texts.blank(rc.service())) {
            return "under investigation";
        }
        return rc.service() + " (" + (Texts.blank(rc.category()) ? "unknown" : rc.category()) + ", confidence "
                + Texts.decimal(rc.confidence()) + ")";
    }

    private static String impact(IncidentState s) {
        if (!Texts.blank(s.impact())) {
            return s.impact();
        }
        return s.services().isEmpty() ? "under assessment" : String.join(", ", s.services()) + " affected";
    }

    private static String sev(IncidentState s) {
        return s.severity() == null ? "SEV?" : s.severity();
    }
}
