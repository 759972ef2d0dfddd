package io.irsuite.comms.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A blameless postmortem draft, derived from an incident's timeline; people complete it. */
public record Postmortem(String title, Metadata metadata, String summary, Impact impact, List<TimelineRow> timeline,
                         RootCause rootCause, Resolution resolution, List<String> wentWell, List<String> wentPoorly,
                         List<ActionItem> actionItems, List<String> fiveWhys) {

    public record Metadata(UUID id, String severity, String status, Instant started, Instant detected,
                           Instant acknowledged, Instant mitigated, Instant resolved, Long durationSeconds,
                           Long mttdSeconds, Long mttaSeconds, Long mttrSeconds, Instant postmortemDue) {
    }

    public record Impact(List<String> services, List<String> blastRadius, String description) {
    }

    public record TimelineRow(Instant at, String event, String summary) {
    }

    public record RootCause(String service, String category, Double confidence, List<String> evidence) {
    }

    public record Resolution(String outcome, List<Remediation> remediations) {
    }

    /**
     * @param outcome     PENDING_APPROVAL, RUNNING, SUCCEEDED, FAILED or ROLLED_BACK
     * @param outcomeText the outcome in words, with the failure kind and dry run ("rolled back: the service did
     *                    not recover in time")
     * @param failure     the {@code failure} kind of a FAILED or ROLLED_BACK one, null when its producer did not say
     * @param overdue     set when automation outran the MTTR target while it ran, in words
     */
    public record Remediation(UUID executionId, String runbookId, String action, String target, String outcome,
                              String outcomeText, String failure, boolean dryRun, String overdue,
                              boolean approvalRequested, Instant startedAt, Instant finishedAt, String detail,
                              List<Step> steps) {
    }

    public record Step(String name, String status, int attempts, String output) {
    }

    public record ActionItem(String action, String owner, String priority, String dueDate, String status) {
    }

    /** One timeline entry with its typed payload (null when unknown), the postmortem's raw material. */
    public record TimelineItem(Instant at, String type, String producer, String summary, Record payload) {
    }
}
