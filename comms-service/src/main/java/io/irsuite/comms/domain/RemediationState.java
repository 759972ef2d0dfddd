package io.irsuite.comms.domain;

import java.time.Instant;
import java.util.UUID;

/** The latest remediation of an incident as the events told it. */
public record RemediationState(UUID executionId, String runbookId, String action, String target,
                               String status, Instant startedAt, Instant finishedAt, String detail) {

    public static final String PENDING_APPROVAL = "PENDING_APPROVAL";
    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    public static final String ROLLED_BACK = "ROLLED_BACK";

    RemediationState finish(String newStatus, Instant at, String newDetail) {
        return new RemediationState(executionId, runbookId, action, target, newStatus, startedAt, at, newDetail);
    }

    /** e.g. "rollback of checkout with runbook rollback-deploy". */
    public String describe() {
        return Texts.actionPhrase(action, target) + (runbookId == null ? "" : " with runbook " + runbookId);
    }
}
