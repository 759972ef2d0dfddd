package io.irsuite.triage.domain;

/** A recommended action on a target service, whether it may run unattended, and why. */
public record PlannedAction(Action action, String target, double confidence, boolean autoEligible, String reason) {
}
