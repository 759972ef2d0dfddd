package io.irsuite.comms.domain;

import io.irsuite.events.Payloads;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Drafts the postmortem from the incident state and its timeline. Pure. */
public final class PostmortemBuilder {

    /** Below this root-cause confidence the playbooks want a person to decide. */
    static final double CONFIDENCE_BAR = 0.85;
    /** Detection within a minute counts as fast. */
    static final long FAST_DETECTION_SECONDS = 60;

    private PostmortemBuilder() {
    }

    public static Postmortem build(IncidentState s, List<Postmortem.TimelineItem> items) {
        return build(s, items, List.of());
    }

    /** The draft with the incident's action items (see {@link ActionItemSeeds} for the ones drafted from it). */
    public static Postmortem build(IncidentState s, List<Postmortem.TimelineItem> items, List<Postmortem.ActionItem> actionItems) {
        Postmortem.Metadata meta = metadata(s);
        List<Postmortem.Remediation> remediations = remediations(items);
        Postmortem.RootCause rootCause = s.rootCause() == null ? null : new Postmortem.RootCause(
                s.rootCause().service(), s.rootCause().category(), s.rootCause().confidence(),
                s.rootCause().evidence() == null ? List.of() : s.rootCause().evidence());
        List<Postmortem.TimelineRow> timeline = items.stream()
                .map(i -> new Postmortem.TimelineRow(i.at(), i.type(), i.summary())).toList();
        List<String> well = new ArrayList<>();
        List<String> poorly = new ArrayList<>();
        judge(s, items, remediations, meta, well, poorly);
        return new Postmortem("Postmortem: " + s.displayTitle(), meta, summary(s, meta, remediations),
                new Postmortem.Impact(s.services(), s.blastRadius(),
                        Texts.blank(s.impact()) ? "under assessment" : s.impact()),
                timeline, rootCause, new Postmortem.Resolution(outcome(s, remediations), remediations),
                well, poorly, actionItems, fiveWhys(s));
    }

    static Postmortem.Metadata metadata(IncidentState s) {
        Long duration = seconds(s.startedAt(), s.resolvedAt());
        Severity sev = Severity.orLowest(s.severity());
        Instant due = s.resolvedAt() == null ? null : switch (sev) {
            case SEV1 -> s.resolvedAt().plus(Duration.ofHours(48));
            case SEV2 -> s.resolvedAt().plus(Duration.ofDays(7));
            default -> null;
        };
        return new Postmortem.Metadata(s.id(), s.severity(), s.statusOrOpen(), s.startedAt(), s.detectedAt(),
                s.acknowledgedAt(), s.mitigatedAt(), s.resolvedAt(), duration, seconds(s.startedAt(), s.detectedAt()),
                seconds(s.detectedAt(), s.acknowledgedAt()), duration, due);
    }

    static List<Postmortem.Remediation> remediations(List<Postmortem.TimelineItem> items) {
        Map<Object, MutableRemediation> byExecution = new LinkedHashMap<>();
        for (Postmortem.TimelineItem item : items) {
            Record p = item.payload();
            if (p instanceof Payloads.RemediationApprovalRequested r) {
                MutableRemediation m = get(byExecution, r.executionId(), r.runbookId(), r.action(), r.target());
                m.approval = true;
                m.outcome = RemediationState.PENDING_APPROVAL;
            } else if (p instanceof Payloads.RemediationStarted r) {
                MutableRemediation m = get(byExecution, r.executionId(), r.runbookId(), r.action(), r.target());
                m.startedAt = item.at();
                m.outcome = RemediationState.RUNNING;
                m.dryRun |= r.isDryRun();
            } else if (p instanceof Payloads.RemediationStepCompleted r) {
                get(byExecution, r.executionId(), null, null, null).steps
                        .add(new Postmortem.Step(r.step(), r.status(), r.attempts(), Texts.clip(r.output())));
            } else if (p instanceof Payloads.RemediationSucceeded r) {
                MutableRemediation m = get(byExecution, r.executionId(), r.runbookId(), r.action(), r.target());
                m.finish(RemediationState.SUCCEEDED, item.at(), null, null);
                m.dryRun |= r.isDryRun();
            } else if (p instanceof Payloads.RemediationFailed r) {
                get(byExecution, r.executionId(), r.runbookId(), r.action(), r.target())
                        .finish(RemediationState.FAILED, item.at(), r.error(), r.failure());
            } else if (p instanceof Payloads.RemediationRolledBack r) {
                get(byExecution, r.executionId(), r.runbookId(), r.action(), r.target())
                        .finish(RemediationState.ROLLED_BACK, item.at(), r.reason(), r.failure());
            } else if (p instanceof Payloads.RemediationOverdue r) {
                get(byExecution, r.executionId(), r.runbookId(), r.action(), r.target()).overdue =
                        RemediationWords.overdue(r.severity(), r.mttrTargetSeconds(), r.elapsedSeconds());
            }
        }
        return byExecution.values().stream().map(MutableRemediation::toRecord).toList();
    }

    private static MutableRemediation get(Map<Object, MutableRemediation> all, UUID executionId, String runbookId,
                                          String action, String target) {
        Object key = executionId == null ? "unknown" : executionId;
        MutableRemediation m = all.computeIfAbsent(key, k -> new MutableRemediation(executionId));
        m.runbookId = runbookId != null ? runbookId : m.runbookId;
        m.action = action != null ? action : m.action;
        m.target = target != null ? target : m.target;
        return m;
    }

    static String summary(IncidentState s, Postmortem.Metadata meta, List<Postmortem.Remediation> remediations) {
        StringBuilder sb = new StringBuilder();
        sb.append(s.displayTitle()).append(" (").append(s.severity() == null ? "severity unknown" : s.severity())
                .append(")");
        if (!s.services().isEmpty()) {
            sb.append(" affected ").append(String.join(", ", s.services()));
        }
        if (meta.durationSeconds() != null) {
            sb.append(" for ").append(Texts.duration(Duration.ofSeconds(meta.durationSeconds())));
        }
        sb.append(". ");
        if (s.rootCause() != null && !Texts.blank(s.rootCause().service())) {
            sb.append("Triage named ").append(s.rootCause().service()).append(" (")
                    .append(s.rootCause().category()).append(") as the root cause. ");
        }
        if (!remediations.isEmpty()) {
            Postmortem.Remediation last = remediations.get(remediations.size() - 1);
            sb.append("Remediation: ").append(Texts.actionPhrase(last.action(), last.target()))
                    .append(last.runbookId() == null ? "" : " with runbook " + last.runbookId())
                    .append(", ").append(last.outcomeText()).append(". ");
        }
        sb.append(StatusWords.RESOLVED.equals(s.status()) ? "The incident is resolved." : "The incident is not resolved yet.");
        return sb.toString();
    }

    static String outcome(IncidentState s, List<Postmortem.Remediation> remediations) {
        // a dry run changed nothing: it neither fixed the incident nor counts as a remediation that ran
        boolean succeeded = remediations.stream()
                .anyMatch(r -> RemediationState.SUCCEEDED.equals(r.outcome()) && !r.dryRun());
        String status = StatusWords.RESOLVED.equals(s.status()) ? "resolved" : "not resolved";
        if (remediations.isEmpty()) {
            return status + "; no remediation ran";
        }
        if (remediations.stream().allMatch(Postmortem.Remediation::dryRun)) {
            return status + "; only dry runs ran (nothing was changed)";
        }
        return status + (succeeded ? " after a successful remediation" : "; no remediation succeeded");
    }

    static void judge(IncidentState s, List<Postmortem.TimelineItem> items, List<Postmortem.Remediation> remediations,
                      Postmortem.Metadata meta, List<String> well, List<String> poorly) {
        if (meta.mttdSeconds() != null) {
            if (meta.mttdSeconds() <= FAST_DETECTION_SECONDS) {
                well.add("detected " + meta.mttdSeconds() + " s after the first evidence");
            } else {
                poorly.add("detection took " + Texts.duration(Duration.ofSeconds(meta.mttdSeconds())));
            }
        }
        items.stream().filter(i -> i.payload() instanceof Payloads.IncidentTriaged).findFirst().ifPresent(first -> {
            Long after = seconds(s.detectedAt(), first.at());
            well.add("triaged automatically" + (after == null ? "" : " " + after + " s after detection"));
        });
        if (s.rootCause() != null && s.rootCause().confidence() < CONFIDENCE_BAR) {
            poorly.add("root-cause confidence " + Texts.decimal(s.rootCause().confidence()) + " was below "
                    + Texts.decimal(CONFIDENCE_BAR) + ": a person had to decide");
        }
        for (Postmortem.Remediation r : remediations) {
            String what = Texts.actionPhrase(r.action(), r.target());
            Long took = seconds(r.startedAt(), r.finishedAt());
            if (r.overdue() != null) {
                poorly.add(r.overdue() + ": " + what);
            }
            if (r.dryRun()) {
                continue; // described in the resolution; a dry run neither fixed nor failed anything
            }
            boolean byPeople = Payloads.RemediationFailures.REJECTED.equals(r.failure())
                    || Payloads.RemediationFailures.CANCELLED.equals(r.failure());
            switch (r.outcome()) {
                case RemediationState.SUCCEEDED -> well.add((r.approvalRequested() ? "remediation (approved) " : "auto-remediation ")
                        + "succeeded" + (took == null ? "" : " in " + took + " s") + ": " + what);
                case RemediationState.FAILED, RemediationState.ROLLED_BACK -> {
                    // a rejection or a cancel is a person's decision, not something that went poorly
                    if (!byPeople) {
                        poorly.add(gaveUp(r, what));
                    }
                }
                case RemediationState.PENDING_APPROVAL -> poorly.add("remediation waited for an approval that never came: " + what);
                default -> poorly.add("remediation never finished: " + what);
            }
        }
        if (remediations.isEmpty() && s.active()) {
            poorly.add("no remediation ran yet");
        }
        if (s.acknowledgedAt() != null && meta.mttaSeconds() != null) {
            well.add("acknowledged " + Texts.duration(Duration.ofSeconds(meta.mttaSeconds())) + " after detection");
        }
        if (items.stream().anyMatch(i -> i.payload() instanceof Payloads.IncidentReopened)) {
            poorly.add("the incident was reopened: the first resolution did not hold");
        }
        Severity sev = Severity.orLowest(s.severity());
        if (meta.mttrSeconds() != null) {
            String took = Texts.duration(Duration.ofSeconds(meta.mttrSeconds()));
            String target = Texts.duration(sev.mttrTarget());
            if (meta.mttrSeconds() <= sev.mttrTarget().getSeconds()) {
                well.add("resolved in " + took + ", within the " + sev + " target of " + target);
            } else {
                poorly.add("resolved in " + took + ", over the " + sev + " target of " + target);
            }
        } else {
            poorly.add("not resolved yet");
        }
    }

    /**
     * "remediation was rolled back: rollback of checkout — the service did not recover in time: alerts still
     * firing", or "remediation failed: restart of cache (pods crash-looping)" from an older producer.
     */
    private static String gaveUp(Postmortem.Remediation r, String what) {
        String head = "remediation " + (RemediationState.ROLLED_BACK.equals(r.outcome()) ? "was rolled back" : "failed")
                + ": " + what;
        String why = RemediationWords.failure(r.failure());
        if (why == null) {
            return head + (Texts.blank(r.detail()) ? "" : " (" + Texts.clip(r.detail()) + ")");
        }
        return head + " — " + why + (Texts.blank(r.detail()) ? "" : ": " + Texts.clip(r.detail()));
    }

    static List<String> fiveWhys(IncidentState s) {
        String cause = s.rootCause() == null || Texts.blank(s.rootCause().service()) ? "the failing component"
                : s.rootCause().service();
        return List.of(
                "Why were users affected by " + s.displayTitle() + "?",
                "Why did " + cause + " fail"
                        + (s.rootCause() == null || Texts.blank(s.rootCause().category()) ? "" : " (" + s.rootCause().category() + ")")
                        + "?",
                "Why did our safeguards (tests, review, staged rollout, limits) not prevent it?",
                "Why was it not detected or mitigated sooner?",
                "Why does the system allow this failure mode at all (design, capacity, dependencies)?");
    }

    static Long seconds(Instant a, Instant b) {
        return a == null || b == null ? null : Duration.between(a, b).getSeconds();
    }

    private static final class MutableRemediation {
        final UUID executionId;
        String runbookId;
        String action;
        String target;
        String outcome = RemediationState.RUNNING;
        String failure;
        boolean dryRun;
        String overdue;
        boolean approval;
        Instant startedAt;
        Instant finishedAt;
        String detail;
        final List<Postmortem.Step> steps = new ArrayList<>();

        MutableRemediation(UUID executionId) {
            this.executionId = executionId;
        }

        void finish(String status, Instant at, String why, String kind) {
            outcome = status;
            finishedAt = at;
            detail = why;
            failure = kind;
        }

        Postmortem.Remediation toRecord() {
            return new Postmortem.Remediation(executionId, runbookId, action, target, Objects.requireNonNull(outcome),
                    RemediationWords.outcome(outcome, failure, dryRun), failure, dryRun, overdue, approval, startedAt,
                    finishedAt, detail, List.copyOf(steps));
        }
    }
}
