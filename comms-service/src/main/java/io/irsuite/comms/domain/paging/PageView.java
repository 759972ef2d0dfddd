package io.irsuite.comms.domain.paging;

import java.time.Instant;
import java.util.UUID;

/**
 * A page as {@code GET /api/v1/pages} shows it: the contract's fields, then {@code repeat}, {@code escalationId},
 * {@code policy}, {@code reason} and {@code acknowledgedBy}. {@code status}: {@code sent} (the escalation still walks),
 * {@code acknowledged}, {@code resolved} (the incident resolved first) or {@code exhausted} (nobody answered).
 */
public record PageView(UUID id, UUID incidentId, String user, int level, String channel, Instant sentAt,
                       Instant acknowledgedAt, String status, int repeat, UUID escalationId, String policy,
                       String reason, String acknowledgedBy) {

    public static String status(String escalationStatus) {
        return Escalation.ACTIVE.equals(escalationStatus) ? "sent" : escalationStatus;
    }
}
