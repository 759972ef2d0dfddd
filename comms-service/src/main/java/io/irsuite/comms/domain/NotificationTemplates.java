package io.irsuite.comms.domain;

import io.irsuite.events.Payloads;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The playbook's message templates: initial (what, impact, severity, status), update (status, impact,
 * actions taken, next steps, next update time by the severity cadence), page (a person must decide),
 * resolution (duration, root cause, resolution). Pure.
 */
public final class NotificationTemplates {

    private NotificationTemplates() {
    }

    /** The message text for {@code kind}, caused by {@code payload} at {@code at}, with the incident as it now is. */
    public static String text(NotificationKind kind, Record payload, IncidentState s, Instant at) {
        return switch (kind) {
            case initial -> initial(s, at);
            case update, escalation -> update(payload, s, at);
            case page -> page(payload, s);
            case resolution -> resolution(payload, s, at);
        };
    }

    static String initial(IncidentState s, Instant at) {
        String sev = sev(s);
        return "[" + sev + "] Investigating: " + s.displayTitle() + ". "
                + "Impact: " + impact(s) + ". "
                + "Severity: " + sev + ". "
                + "Status: " + StatusWords.publicWord(s.status()) + ". "
                + nextUpdate(s, at);
    }

    static String update(Record payload, IncidentState s, Instant at) {
        List<String> parts = new ArrayList<>();
        parts.add("[" + sev(s) + "] Update on " + s.displayTitle() + ": " + headline(payload, s) + ".");
        parts.add("Status: " + StatusWords.publicWord(s.status()) + ".");
        parts.add("Impact: " + impact(s) + ".");
        parts.add("Actions taken: " + actionsTaken(s) + ".");
        parts.add("Next steps: " + nextSteps(s) + ".");
        parts.add(nextUpdate(s, at));
        return String.join(" ", parts);
    }

    static String page(Record payload, IncidentState s) {
        String what = s.remediation() == null ? "a remediation" : s.remediation().describe();
        String why = payload instanceof Payloads.RemediationApprovalRequested p && !Texts.blank(p.reason())
                ? " (" + Texts.clip(p.reason()) + ")" : "";
        String exec = s.remediation() != null && s.remediation().executionId() != null
                ? " Approve or reject execution " + s.remediation().executionId() + " on remediation-service." : "";
        return "[" + sev(s) + "] Decision needed on " + s.displayTitle() + ": " + what + " awaits approval" + why + "."
                + exec + " Impact: " + impact(s) + ".";
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
            resolution.add(s.remediation().describe() + " " + s.remediation().status().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' '));
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

    /** The event-specific first sentence of an update. */
    static String headline(Record payload, IncidentState s) {
        if (payload instanceof Payloads.IncidentTriaged) {
            return "triaged, root cause " + rootCause(s);
        }
        if (payload instanceof Payloads.IncidentSeverityChanged p) {
            return "severity changed from " + p.from() + " to " + p.to()
                    + (p.reasons() == null || p.reasons().isEmpty() ? "" : " (" + String.join(", ", p.reasons()) + ")");
        }
        if (payload instanceof Payloads.IncidentStatusChanged) {
            return "cause identified, remediation in progress";
        }
        if (payload instanceof Payloads.IncidentMitigated) {
            return "a fix is in place and recovery is being monitored";
        }
        if (payload instanceof Payloads.RemediationFailed p) {
            return "automated remediation failed" + (Texts.blank(p.error()) ? "" : " (" + Texts.clip(p.error()) + ")");
        }
        if (payload instanceof Payloads.RemediationRolledBack p) {
            return "remediation was rolled back" + (Texts.blank(p.reason()) ? "" : " (" + Texts.clip(p.reason()) + ")");
        }
        return "status " + StatusWords.publicWord(s.status());
    }

    static String actionsTaken(IncidentState s) {
        RemediationState r = s.remediation();
        if (r == null) {
            return "none yet";
        }
        return r.describe() + " " + switch (r.status()) {
            case RemediationState.RUNNING -> "started";
            case RemediationState.SUCCEEDED -> "succeeded";
            case RemediationState.FAILED -> "failed";
            case RemediationState.ROLLED_BACK -> "rolled back";
            case RemediationState.PENDING_APPROVAL -> "awaiting approval";
            default -> r.status().toLowerCase(java.util.Locale.ROOT);
        };
    }

    static String nextSteps(IncidentState s) {
        RemediationState r = s.remediation();
        String status = s.statusOrOpen();
        if (r != null && (RemediationState.FAILED.equals(r.status()) || RemediationState.ROLLED_BACK.equals(r.status()))
                && StatusWords.isActive(status) && !StatusWords.MONITORING.equals(status)) {
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

    static String nextUpdate(IncidentState s, Instant at) {
        Optional<Duration> cadence = Severity.orLowest(s.severity()).updateCadence();
        return cadence.map(d -> "Next update by " + Texts.clock(at.plus(d)) + ".")
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
