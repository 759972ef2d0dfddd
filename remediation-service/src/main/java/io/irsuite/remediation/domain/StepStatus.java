package io.irsuite.remediation.domain;

/** Result of one step (or rollback step) of an execution. */
public enum StepStatus {
    RUNNING, SUCCEEDED, FAILED, SKIPPED, ROLLED_BACK
}
