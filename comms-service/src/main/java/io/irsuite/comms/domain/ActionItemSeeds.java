package io.irsuite.comms.domain;

import io.irsuite.events.Payloads;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The follow-ups a resolved incident suggests by itself, drafted as action items for people to keep,
 * edit or drop: detection was late, no runbook served the incident, a runbook did not work,
 * automation ran past the MTTR target, the root cause is unconfirmed. Each rule yields at most one
 * item ({@code seeded:<rule>}). Priority follows severity (SEV1/SEV2 high, SEV3 medium, SEV4 low),
 * the due date the priority (7, 14, 30 days after the resolution). Pure.
 */
public final class ActionItemSeeds {

    /** Detected this long after it started: an alert should have fired sooner. */
    static final Duration LATE_DETECTION = Duration.ofMinutes(5);
    static final double CONFIDENCE_BAR = PostmortemBuilder.CONFIDENCE_BAR;

    private ActionItemSeeds() {
    }

    /** A drafted item. */
    public record Seed(String rule, String title, String owner, String priority, LocalDate dueDate) {

        public String source() {
            return "seeded:" + rule;
        }
    }

    /** {@code ownerOf}: the catalog owner (team) of a service, null when unknown. */
    public static List<Seed> of(IncidentState s, List<Postmortem.TimelineItem> items, UnaryOperator<String> ownerOf) {
        String service = s.rootCause() != null && s.rootCause().service() != null ? s.rootCause().service()
                : s.services() == null || s.services().isEmpty() ? null : s.services().get(0);
        String owner = service == null ? null : ownerOf.apply(service);
        String who = owner == null ? "unassigned" : owner;
        String priority = switch (Severity.orLowest(s.severity())) {
            case SEV1, SEV2 -> "high";
            case SEV3 -> "medium";
            case SEV4 -> "low";
        };
        Instant resolved = s.resolvedAt() == null ? Instant.now() : s.resolvedAt();
        LocalDate due = resolved.atZone(ZoneOffset.UTC).toLocalDate().plusDays(switch (priority) {
            case "high" -> 7;
            case "medium" -> 14;
            default -> 30;
        });
        String what = service == null ? "the affected service" : service;
        List<Seed> seeds = new ArrayList<>();
        if (s.startedAt() != null && s.detectedAt() != null
                && Duration.between(s.startedAt(), s.detectedAt()).compareTo(LATE_DETECTION) > 0) {
            seeds.add(new Seed("late-detection", String.format(Locale.ROOT,
                    "Add an alert that detects %s failing sooner (detected %d min after it started)", what,
                    Duration.between(s.startedAt(), s.detectedAt()).toMinutes()), who, priority, due));
        }
        boolean remediated = items.stream().anyMatch(i -> i.payload() instanceof Payloads.RemediationStarted
                || i.payload() instanceof Payloads.RemediationApprovalRequested);
        if (!remediated) {
            Payloads.RecommendedAction top = s.actions() == null || s.actions().isEmpty() ? null : s.actions().get(0);
            String category = s.rootCause() == null || s.rootCause().category() == null ? "this kind of" : s.rootCause().category();
            seeds.add(new Seed("no-runbook", top != null
                    ? "Add a runbook for " + top.action() + " on " + (top.target() == null ? what : top.target())
                    + " (no runbook served this incident; people remediated it by hand)"
                    : "Write a runbook for " + category + " incidents on " + what + " (none was recommended or served)",
                    who, priority, due));
        }
        items.stream().map(Postmortem.TimelineItem::payload)
                .filter(p -> (p instanceof Payloads.RemediationFailed f && Payloads.RemediationFailures.blamesAction(f.failure())
                        && !Payloads.RemediationFailures.REJECTED.equals(f.failure()))
                        || (p instanceof Payloads.RemediationRolledBack r && Payloads.RemediationFailures.blamesAction(r.failure())))
                .findFirst()
                .ifPresent(p -> {
                    String runbook = p instanceof Payloads.RemediationFailed f ? f.runbookId() : ((Payloads.RemediationRolledBack) p).runbookId();
                    String action = p instanceof Payloads.RemediationFailed f ? f.action() : ((Payloads.RemediationRolledBack) p).action();
                    seeds.add(new Seed("failed-runbook", "Fix runbook " + runbook + ": its " + action
                            + " did not recover " + what, who, priority, due));
                });
        items.stream().map(Postmortem.TimelineItem::payload).filter(p -> p instanceof Payloads.RemediationOverdue).findFirst()
                .ifPresent(p -> seeds.add(new Seed("mttr-overdue", "Find out why automation on " + what + " ran past the "
                        + ((Payloads.RemediationOverdue) p).severity() + " MTTR target", who, priority, due)));
        if (s.rootCause() == null || s.rootCause().confidence() < CONFIDENCE_BAR) {
            seeds.add(new Seed("confirm-root-cause", s.rootCause() == null
                    ? "Find the root cause of this incident (triage named none)"
                    : String.format(Locale.ROOT, "Confirm the root cause (%s, %s, confidence %.2f) and record it", what,
                    s.rootCause().category(), s.rootCause().confidence()), who, priority, due));
        }
        return seeds;
    }
}
