package io.irsuite.comms.domain;

/**
 * What a notification is for; the lower-case name travels in the webhook body. {@code handoff} (beyond
 * the contract's kinds) goes to a new incident commander only, with the handoff note.
 */
public enum NotificationKind {
    initial, update, resolution, page, escalation, handoff
}
