package io.irsuite.detection.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/** An incident and its lifecycle state; the rules of its transitions are in {@link IncidentLifecycle}. */
@Entity
@Table(name = "incident")
public class Incident extends PanacheEntityBase {

    @Id
    public UUID id;
    public String title;
    @Enumerated(EnumType.STRING)
    public IncidentStatus status;
    @Enumerated(EnumType.STRING)
    public Severity severity;
    /** Sorted service names. */
    @Column(columnDefinition = "text[]")
    public String[] services;
    @Column(name = "alert_count")
    public int alertCount;
    @Column(name = "firing_count")
    public int firingCount;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "detected_at")
    public Instant detectedAt;
    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;
    @Column(name = "mitigated_at")
    public Instant mitigatedAt;
    @Column(name = "resolved_at")
    public Instant resolvedAt;
    @Column(name = "triage_version")
    public int triageVersion;
    @Column(name = "status_reason")
    public String statusReason;
    @Column(name = "last_firing_at")
    public Instant lastFiringAt;
    @Column(name = "all_resolved_at")
    public Instant allResolvedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** Set when this incident was merged into another one (it is RESOLVED then). */
    @Column(name = "merged_into")
    public UUID mergedInto;
    /** When it was last reopened (null if never). */
    @Column(name = "reopened_at")
    public Instant reopenedAt;
    @Column(name = "reopen_count")
    public int reopenCount;
    /** The strongest {@link GroupingRules.Evidence} among its alerts; null while not known (older incidents). */
    @Column(name = "grouping_evidence")
    public String groupingEvidence;

    /** Its alerts' strongest evidence, if known. */
    public java.util.Optional<GroupingRules.Evidence> evidence() {
        return java.util.Optional.ofNullable(groupingEvidence).map(GroupingRules.Evidence::valueOf);
    }

    /** An alert with {@code evidence} joined; known only if it was known before (or this is the first alert). */
    public void evidenceJoined(GroupingRules.Evidence evidence) {
        if (alertCount <= 1 || groupingEvidence != null) {
            groupingEvidence = evidence().map(e -> e.max(evidence)).orElse(evidence).name();
        }
    }

    /** A new incident opened by its first (firing) alert. */
    public static Incident open(NormalizedAlert alert, Instant now) {
        Incident i = new Incident();
        i.id = UUID.randomUUID();
        i.title = alert.name() + " on " + alert.service();
        i.status = IncidentStatus.OPEN;
        i.severity = alert.severity();
        i.services = new String[]{alert.service()};
        i.alertCount = 1;
        i.firingCount = 1;
        i.startedAt = alert.startsAt().isBefore(now) ? alert.startsAt() : now;
        i.detectedAt = now;
        i.lastFiringAt = now;
        i.statusReason = "opened by " + alert.name() + " on " + alert.service();
        i.updatedAt = now;
        return i;
    }

    /** Another new firing alert joins. */
    public void attach(NormalizedAlert alert, Instant now) {
        TreeSet<String> all = new TreeSet<>(java.util.List.of(services));
        all.add(alert.service());
        services = all.toArray(String[]::new);
        alertCount++;
        firingCount++;
        if (alert.startsAt().isBefore(startedAt)) {
            startedAt = alert.startsAt();
        }
        lastFiringAt = now;
        allResolvedAt = null;
        updatedAt = now;
    }

    /**
     * An inhibited alert joins as evidence: counted (it fires, so the incident cannot resolve before
     * it does). Its service becomes one of the incident's services only when the topology inhibited it
     * ({@code service} non-null): it is then a caller of the failure, and its own callers' alerts are
     * symptoms of it too; a configured rule says nothing about where in the graph the alert is.
     */
    public void attachInhibited(String service, Instant now) {
        if (service != null) {
            TreeSet<String> all = new TreeSet<>(java.util.List.of(services));
            all.add(service);
            services = all.toArray(String[]::new);
        }
        alertCount++;
        firingCount++;
        lastFiringAt = now;
        allResolvedAt = null;
        updatedAt = now;
    }

    /**
     * When the incident last took a firing alert (or, for incidents older than that record, when it
     * started): the grouping window is measured from here, so a failure that keeps alerting keeps
     * drawing its late symptoms and late roots in.
     */
    public Instant lastAlertAt() {
        return lastFiringAt != null && lastFiringAt.isAfter(startedAt) ? lastFiringAt : startedAt;
    }

    /**
     * Takes over the alerts of {@code other}, found to be part of the same failure: services are
     * united, counts added, the earliest start kept. {@code other} is left empty and points here;
     * resolving it is the caller's job (it emits the event).
     */
    public void absorb(Incident other, Instant now) {
        TreeSet<String> all = new TreeSet<>(java.util.List.of(services));
        all.addAll(java.util.List.of(other.services));
        services = all.toArray(String[]::new);
        alertCount += other.alertCount;
        firingCount += other.firingCount;
        if (other.startedAt.isBefore(startedAt)) {
            startedAt = other.startedAt;
        }
        if (other.lastFiringAt != null && (lastFiringAt == null || other.lastFiringAt.isAfter(lastFiringAt))) {
            lastFiringAt = other.lastFiringAt;
        }
        if (firingCount > 0) {
            allResolvedAt = null;
        } else if (other.allResolvedAt != null && (allResolvedAt == null || other.allResolvedAt.isAfter(allResolvedAt))) {
            allResolvedAt = other.allResolvedAt;
        }
        groupingEvidence = evidence().isPresent() && other.evidence().isPresent()
                ? evidence().get().max(other.evidence().get()).name() : null;
        updatedAt = now;
        other.mergedInto = id;
        other.alertCount = 0;
        other.firingCount = 0;
        other.updatedAt = now;
    }

    /** A resolved alert of this incident fires again. */
    public void alertRefired(Instant now) {
        firingCount++;
        lastFiringAt = now;
        allResolvedAt = null;
        updatedAt = now;
    }

    /**
     * A resolved incident's alert fired again within the reopen window: it is open again, no longer
     * resolved; the alert itself is counted by {@link #alertRefired} or {@link #attach}.
     */
    public IncidentStatus reopen(String reason, Instant now) {
        IncidentStatus from = moveTo(IncidentStatus.REOPENED, reason, now);
        resolvedAt = null;
        reopenedAt = now;
        reopenCount++;
        return from;
    }

    /** One of its firing alerts resolved. */
    public void alertResolved(Instant now) {
        firingCount = Math.max(0, firingCount - 1);
        if (firingCount == 0) {
            allResolvedAt = now;
        }
        updatedAt = now;
    }

    public boolean isResolved() {
        return status == IncidentStatus.RESOLVED;
    }

    /** Moves to {@code to}, recording why and the timestamps the metrics need; returns the previous status. */
    public IncidentStatus moveTo(IncidentStatus to, String reason, Instant now) {
        IncidentStatus from = status;
        status = to;
        statusReason = reason;
        if (to == IncidentStatus.MONITORING) {
            mitigatedAt = now;
        }
        if (to == IncidentStatus.RESOLVED) {
            resolvedAt = now;
        }
        updatedAt = now;
        return from;
    }

    /** Sets acknowledgedAt the first time; returns true if this call did. */
    public boolean acknowledge(Instant now) {
        if (acknowledgedAt != null) {
            return false;
        }
        acknowledgedAt = now;
        updatedAt = now;
        return true;
    }

    /** Why the incident may resolve by itself now, if it may. */
    public Optional<String> autoResolveReason(Instant now, Duration window) {
        return IncidentLifecycle.autoResolveReason(status, firingCount, mitigatedAt, allResolvedAt, now, window);
    }
}
