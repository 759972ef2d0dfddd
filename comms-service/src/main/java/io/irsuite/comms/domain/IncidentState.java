package io.irsuite.comms.domain;

import io.irsuite.events.Payloads;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What comms knows about one incident, folded from its events. Immutable; {@link IncidentProjection}
 * produces the next state.
 *
 * @param statusAt      occurredAt of the event that set {@code status}; older status events lose
 * @param triageVersion the newest triage applied, 0 before the first
 */
public record IncidentState(UUID id, String title, String severity, String status, List<String> services,
                            Instant startedAt, Instant detectedAt, Instant acknowledgedAt,
                            Instant mitigatedAt, Instant resolvedAt, Instant statusAt, String impact,
                            Payloads.RootCause rootCause, List<Payloads.RecommendedAction> actions,
                            List<String> blastRadius, int triageVersion, RemediationState remediation) {

    public IncidentState {
        services = services == null ? List.of() : List.copyOf(services);
        actions = actions == null ? List.of() : List.copyOf(actions);
        blastRadius = blastRadius == null ? List.of() : List.copyOf(blastRadius);
    }

    /** The state of an incident comms has heard nothing about yet. */
    public static IncidentState empty(UUID id) {
        return new IncidentState(id, null, null, null, List.of(), null, null, null, null, null, null, null,
                null, List.of(), List.of(), 0, null);
    }

    /** A title even when IncidentOpened has not arrived (yet). */
    public String displayTitle() {
        if (title != null && !title.isBlank()) {
            return title;
        }
        return services.isEmpty() ? "Incident " + id : "Incident on " + String.join(", ", services);
    }

    /** The lifecycle status, OPEN until told otherwise. */
    public String statusOrOpen() {
        return status == null ? StatusWords.OPEN : status;
    }

    public boolean active() {
        return StatusWords.isActive(status);
    }

    IncidentState with(Mutator m) {
        Builder b = new Builder(this);
        m.apply(b);
        return b.build();
    }

    interface Mutator {
        void apply(Builder b);
    }

    /** Mutable copy used only inside the projection. */
    static final class Builder {
        UUID id;
        String title;
        String severity;
        String status;
        List<String> services;
        Instant startedAt;
        Instant detectedAt;
        Instant acknowledgedAt;
        Instant mitigatedAt;
        Instant resolvedAt;
        Instant statusAt;
        String impact;
        Payloads.RootCause rootCause;
        List<Payloads.RecommendedAction> actions;
        List<String> blastRadius;
        int triageVersion;
        RemediationState remediation;

        Builder(IncidentState s) {
            id = s.id;
            title = s.title;
            severity = s.severity;
            status = s.status;
            services = s.services;
            startedAt = s.startedAt;
            detectedAt = s.detectedAt;
            acknowledgedAt = s.acknowledgedAt;
            mitigatedAt = s.mitigatedAt;
            resolvedAt = s.resolvedAt;
            statusAt = s.statusAt;
            impact = s.impact;
            rootCause = s.rootCause;
            actions = s.actions;
            blastRadius = s.blastRadius;
            triageVersion = s.triageVersion;
            remediation = s.remediation;
        }

        IncidentState build() {
            return new IncidentState(id, title, severity, status, services, startedAt, detectedAt, acknowledgedAt,
                    mitigatedAt, resolvedAt, statusAt, impact, rootCause, actions, blastRadius, triageVersion,
                    remediation);
        }
    }
}
