package io.irsuite.remediation.domain;

import java.util.EnumSet;
import java.util.Set;

/** Lifecycle of one remediation execution. */
public enum ExecutionStatus {
    PENDING_APPROVAL, RUNNING, SUCCEEDED, FAILED, ROLLED_BACK, CANCELLED, REJECTED;

    /** While an incident has an execution in one of these, triage updates start nothing new. */
    public static final Set<ExecutionStatus> BLOCKS_NEW = EnumSet.of(PENDING_APPROVAL, RUNNING, SUCCEEDED);

    public boolean terminal() {
        return this != PENDING_APPROVAL && this != RUNNING;
    }
}
