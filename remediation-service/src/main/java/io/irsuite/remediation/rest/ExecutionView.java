package io.irsuite.remediation.rest;

import io.irsuite.remediation.domain.Execution;
import io.irsuite.remediation.domain.ExecutionStep;
import io.irsuite.remediation.service.ExecutionService;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An execution as the contract shows it, plus its approval audit ({@code approvedBy}/{@code rejectedBy},
 * {@code decidedAt}, {@code note}), why it did not fix the incident ({@code failure}), whether it was a
 * dry run, its confidence, when its wait for recovery ends ({@code verifyUntil}), why it is stopping
 * ({@code cancelRequested}), and who runs it ({@code runner}).
 */
public record ExecutionView(UUID id, UUID incidentId, String runbookId, int runbookVersion, String action, String target,
                            String reason, Integer triageVersion, String status, String approvalReason, String approvedBy, String rejectedBy,
                            Instant decidedAt, String note, String error, String failure, boolean dryRun, Double confidence,
                            Instant verifyUntil, String cancelRequested, String runner, Instant createdAt, Instant startedAt,
                            Instant finishedAt, List<StepView> steps) {

    /** One step's result. */
    public record StepView(String name, String type, String status, int attempts, Instant startedAt, Instant finishedAt,
                           String output) {
        static StepView of(ExecutionStep s) {
            return new StepView(s.name, s.type, s.status.name(), s.attempts, s.startedAt, s.finishedAt, s.output);
        }
    }

    static ExecutionView of(ExecutionService.Details details) {
        Execution e = details.execution();
        return new ExecutionView(e.id, e.incidentId, e.runbookId, e.runbookVersion, e.action, e.target, e.reason, e.triageVersion,
                e.status.name(), e.approvalReason, e.approvedBy, e.rejectedBy, e.decidedAt, e.note, e.error, e.failure, e.dryRun,
                e.confidence, e.verifyUntil, e.cancelRequested, e.runner, e.createdAt,
                e.startedAt, e.finishedAt, details.steps().stream().map(StepView::of).toList());
    }
}
