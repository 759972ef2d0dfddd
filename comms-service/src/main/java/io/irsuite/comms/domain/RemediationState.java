package io.irsuite.comms.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * The latest remediation of an incident as the events told it.
 *
 * @param failure why it did not fix the incident (a {@code Payloads.RemediationFailures} kind), null when
 *                it has not failed or its producer did not say
 * @param dryRun  its steps were only described, nothing was changed
 * @param overdue set when automation outran the incident's MTTR target while this ran, in words
 */
public record RemediationState(UUID executionId, String runbookId, String action, String target,
                               String status, Instant startedAt, Instant finishedAt, String detail,
                               String failure, boolean dryRun, String overdue) {

    public static final String PENDING_APPROVAL = "PENDING_APPROVAL";
    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    public static final String ROLLED_BACK = "ROLLED_BACK";

    /** A remediation as it begins: no failure, not overdue. */
    public static RemediationState begun(UUID executionId, String runbookId, String action, String target,
                                         String status, Instant startedAt, String detail, boolean dryRun) {
        return new RemediationState(executionId, runbookId, action, target, status, startedAt, null, detail, null,
                dryRun, null);
    }

    RemediationState finish(String newStatus, Instant at, String newDetail, String newFailure, boolean wasDryRun) {
        return new RemediationState(executionId, runbookId, action, target, newStatus, startedAt, at, newDetail,
                newFailure, dryRun || wasDryRun, overdue);
    }

    RemediationState overdue(String words) {
        return new RemediationState(executionId, runbookId, action, target, status, startedAt, finishedAt, detail,
                failure, dryRun, words);
    }

    /** e.g. "rollback of checkout with runbook rollback-deploy". */
    public String describe() {
        return Texts.actionWithRunbook(action, target, runbookId);
    }

    /** How it stands, in words: "rolled back: the service did not recover in time", "succeeded (dry run: ...)". */
    public String outcome() {
        return RemediationWords.outcome(status, failure, dryRun);
    }

    /** Whether it ended without fixing the incident. */
    public boolean gaveUp() {
        return FAILED.equals(status) || ROLLED_BACK.equals(status);
    }
}
