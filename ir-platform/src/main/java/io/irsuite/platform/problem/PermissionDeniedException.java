package io.irsuite.platform.problem;

/**
 * The caller is authenticated and holds the role, but a rule of the resource refuses it (for
 * instance a runbook's approvers): a 403 problem whose detail says which rule and who asked.
 */
public class PermissionDeniedException extends RuntimeException {

    public PermissionDeniedException(String detail) {
        super(detail);
    }
}
