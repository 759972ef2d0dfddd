package io.irsuite.comms.domain;

/** What a notification is for; the lower-case name travels in the webhook body. */
public enum NotificationKind {
    initial, update, resolution, page, escalation
}
