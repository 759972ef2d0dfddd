package io.irsuite.comms.domain;

import io.irsuite.events.Payloads;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One human sentence per event for the timeline. Pure. */
public final class TimelineSummaries {

    private TimelineSummaries() {
    }

    /**
     * @param type     the envelope's type
     * @param producer the envelope's producer
     * @param payload  the typed payload, or null when the type is unknown or the payload unreadable
     */
    public static String summarize(String type, String producer, Record payload) {
        String s = known(payload);
        return s != null ? s : type + " from " + (producer == null ? "unknown producer" : producer);
    }

    private static String known(Record payload) {
        if (payload instanceof Payloads.IncidentOpened p) {
            String title = Texts.blank(p.title()) ? alertTitle(p.alert(), p.services()) : p.title();
            return "Incident opened: " + title + (p.severity() == null ? "" : " (" + p.severity() + ")");
        }
        if (payload instanceof Payloads.AlertAttached p) {
            return attached(p) + " (" + p.alertCount() + (p.alertCount() == 1 ? " alert)" : " alerts)");
        }
        if (payload instanceof Payloads.AlertResolved p) {
            return "Alert resolved: " + alertTitle(p.alert(), List.of()) + " (" + p.firingCount() + " still firing)";
        }
        if (payload instanceof Payloads.IncidentSeverityChanged p) {
            return "Severity changed from " + orQ(p.from()) + " to " + orQ(p.to())
                    + reasons(p.reasons()) + by(p.by());
        }
        if (payload instanceof Payloads.IncidentStatusChanged p) {
            return "Status changed from " + orQ(p.from()) + " to " + orQ(p.to())
                    + (Texts.blank(p.reason()) ? "" : ": " + Texts.clip(p.reason())) + by(p.by());
        }
        if (payload instanceof Payloads.IncidentAcknowledged p) {
            return "Acknowledged" + (Texts.blank(p.by()) ? "" : " by " + p.by()) + note(p.note());
        }
        if (payload instanceof Payloads.IncidentMitigated p) {
            return "Mitigated" + (Texts.blank(p.by()) ? "" : " by " + p.by()) + note(p.note());
        }
        if (payload instanceof Payloads.IncidentResolved p) {
            if (!Texts.blank(p.reason())) {
                return "Resolved: " + Texts.clip(p.reason());
            }
            return "Resolved" + (Texts.blank(p.by()) ? "" : " by " + p.by()) + note(p.note());
        }
        if (payload instanceof Payloads.IncidentReopened p) {
            return "Reopened" + (Texts.blank(p.reason()) ? "" : ": " + Texts.clip(p.reason()));
        }
        if (payload instanceof Payloads.IncidentTriaged p) {
            return triaged(p);
        }
        if (payload instanceof Payloads.RemediationStarted p) {
            return "Remediation started: " + Texts.actionWithRunbook(p.action(), p.target(), p.runbookId())
                    + (p.isDryRun() ? " (" + RemediationWords.DRY_RUN_STARTED + ")" : "");
        }
        if (payload instanceof Payloads.RemediationStepCompleted p) {
            String status = p.status() == null ? "completed" : p.status().toLowerCase(java.util.Locale.ROOT);
            return "Step '" + orQ(p.step()) + "' " + status + " after " + p.attempts()
                    + (p.attempts() == 1 ? " attempt" : " attempts")
                    + (Texts.blank(p.output()) ? "" : ": " + Texts.clip(p.output()));
        }
        if (payload instanceof Payloads.RemediationApprovalRequested p) {
            return "Approval requested: " + Texts.actionWithRunbook(p.action(), p.target(), p.runbookId())
                    + (Texts.blank(p.reason()) ? "" : " (" + Texts.clip(p.reason()) + ")");
        }
        if (payload instanceof Payloads.RemediationSucceeded p) {
            return "Remediation succeeded: " + Texts.actionWithRunbook(p.action(), p.target(), p.runbookId())
                    + (p.isDryRun() ? " (" + RemediationWords.DRY_RUN + ")" : "");
        }
        if (payload instanceof Payloads.RemediationFailed p) {
            return "Remediation failed: " + Texts.actionWithRunbook(p.action(), p.target(), p.runbookId())
                    + why(p.failure(), p.error());
        }
        if (payload instanceof Payloads.RemediationRolledBack p) {
            return "Remediation rolled back: " + Texts.actionWithRunbook(p.action(), p.target(), p.runbookId())
                    + why(p.failure(), p.reason());
        }
        if (payload instanceof Payloads.RemediationOverdue p) {
            return "Remediation overdue: " + Texts.actionWithRunbook(p.action(), p.target(), p.runbookId()) + ": "
                    + RemediationWords.overdue(p.severity(), p.mttrTargetSeconds(), p.elapsedSeconds());
        }
        if (payload instanceof Payloads.Escalated p) {
            return "Escalated to level " + p.level() + (p.targets() == null || p.targets().isEmpty() ? ""
                    : ": " + String.join(", ", p.targets())) + (Texts.blank(p.reason()) ? "" : " (" + p.reason() + ")");
        }
        if (payload instanceof Payloads.PageSent p) {
            return "Paged " + orQ(p.target()) + (Texts.blank(p.channel()) ? "" : " via " + p.channel())
                    + (Texts.blank(p.reason()) ? "" : ": " + Texts.clip(p.reason()));
        }
        if (payload instanceof Payloads.PageAcknowledged p) {
            return "Page acknowledged by " + orQ(p.by()) + " through its acknowledge link (level " + p.level() + " page)";
        }
        if (payload instanceof Payloads.AcknowledgementRequested p) {
            return "Acknowledgement requested from " + orQ(p.target())
                    + (Texts.blank(p.reason()) ? "" : ": " + Texts.clip(p.reason()));
        }
        return null;
    }

    /** "Triaged (v1): root cause payments-db (database, confidence 0.91); severity SEV2 because ...; recommended ...". */
    static String triaged(Payloads.IncidentTriaged p) {
        StringBuilder sb = new StringBuilder("Triaged (v").append(p.version()).append("): ");
        Payloads.RootCause rc = p.rootCause();
        if (rc == null || Texts.blank(rc.service())) {
            sb.append("root cause unknown");
        } else {
            sb.append("root cause ").append(rc.service()).append(" (").append(orQ(rc.category()))
                    .append(", confidence ").append(Texts.decimal(rc.confidence())).append(')');
        }
        if (p.severity() != null) {
            sb.append("; severity ").append(p.severity());
            if (p.severityReasons() != null && !p.severityReasons().isEmpty()) {
                sb.append(" because ").append(String.join(", ", p.severityReasons()));
            }
        }
        List<Payloads.RecommendedAction> actions = p.recommendedActions();
        if (actions == null || actions.isEmpty()) {
            sb.append("; no action recommended");
        } else {
            Payloads.RecommendedAction top = actions.get(0);
            sb.append("; recommended ").append(Texts.actionPhrase(top.action(), top.target()))
                    .append(p.autoRemediate() && top.autoEligible() ? " (auto)" : " (needs approval)");
        }
        return sb.toString();
    }

    /** How many alerts one AlertAttached names at most; the rest are counted. */
    static final int ATTACHED_NAMED = 3;

    /** "Alert attached: A on s", or "5 alerts attached: A on s, B on t, C on u and 2 more". */
    private static String attached(Payloads.AlertAttached p) {
        if (p.alerts().size() <= 1) {
            return "Alert attached: " + alertTitle(p.alerts().isEmpty() ? null : p.alerts().get(0), p.services());
        }
        Set<String> titles = new LinkedHashSet<>();
        p.alerts().forEach(a -> titles.add(alertTitle(a, List.of())));
        List<String> named = titles.stream().limit(ATTACHED_NAMED).toList();
        int more = titles.size() - named.size();
        return p.alerts().size() + " alerts attached: " + String.join(", ", named)
                + (more > 0 ? " and " + more + " more" : "");
    }

    private static String alertTitle(Payloads.Alert alert, List<String> services) {
        if (alert != null && !Texts.blank(alert.name())) {
            return alert.name() + (Texts.blank(alert.service()) ? "" : " on " + alert.service());
        }
        return services == null || services.isEmpty() ? "an alert" : "an alert on " + String.join(", ", services);
    }


    /** ": the service did not recover in time — alerts still firing", or just ": <detail>" from an older producer. */
    private static String why(String failure, String detail) {
        String words = RemediationWords.failure(failure);
        if (words == null) {
            return Texts.blank(detail) ? "" : ": " + Texts.clip(detail);
        }
        return ": " + words + (Texts.blank(detail) ? "" : " — " + Texts.clip(detail));
    }

    private static String reasons(List<String> reasons) {
        return reasons == null || reasons.isEmpty() ? "" : " because " + String.join(", ", reasons);
    }

    private static String by(String by) {
        return Texts.blank(by) ? "" : " (by " + by + ")";
    }

    private static String note(String note) {
        return Texts.blank(note) ? "" : ": " + Texts.clip(note);
    }

    private static String orQ(String s) {
        return Texts.blank(s) ? "?" : s;
    }
}
