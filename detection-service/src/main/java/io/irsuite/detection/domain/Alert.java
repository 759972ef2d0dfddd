package io.irsuite.detection.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A stored alert: the current (active) row of a fingerprint, or an older one kept for history. */
@Entity
@Table(name = "alert")
public class Alert extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "incident_id")
    public UUID incidentId;
    public String fingerprint;
    public boolean active;
    public String source;
    public String service;
    public String name;
    /** {@code firing} or {@code resolved}. */
    public String status;
    public String severity;
    public String summary;
    public String description;
    /** The labels as a JSON object. */
    public String labels;
    /** The metrics object as sent (unknown keys kept), JSON; null when absent. */
    public String metrics;
    @Column(name = "runbook_url")
    public String runbookUrl;
    @Column(name = "dashboard_url")
    public String dashboardUrl;
    @Column(name = "starts_at")
    public Instant startsAt;
    @Column(name = "ends_at")
    public Instant endsAt;
    @Column(name = "first_seen_at")
    public Instant firstSeenAt;
    @Column(name = "last_seen_at")
    public Instant lastSeenAt;
    @Column(name = "receive_count")
    public int receiveCount;
    /** Why grouping put it in its incident ("checkout depends on payments-db (1 hop)"). */
    @Column(name = "grouping_reason")
    public String groupingReason;

    /** Muted by a silence now: stored, never grouped, until the silence ends while it still fires. */
    public boolean silenced;
    /** The silence that muted it last (kept after it is evaluated again, for the record). */
    @Column(name = "silenced_by")
    public UUID silencedBy;

    /** Set when an inhibition rule suppresses it: which firing alert, under which rule (see Inhibition.Match). */
    @Column(name = "inhibited_by")
    public String inhibitedBy;
    @Column(name = "inhibit_rule")
    public String inhibitRule;

    public boolean isFiring() {
        return AlertStatus.FIRING.wire().equals(status);
    }

    /** A repeat of this alert: counted, startsAt of the first kept. Returns true if it had been resolved. */
    public boolean seenAgain(Instant now) {
        boolean refired = !isFiring();
        receiveCount++;
        lastSeenAt = now;
        if (refired) {
            status = AlertStatus.FIRING.wire();
            endsAt = null;
        }
        return refired;
    }

    /** Marks it resolved; returns false if it already was. */
    public boolean resolve(Instant endsAt, Instant now) {
        lastSeenAt = now;
        if (!isFiring()) {
            return false;
        }
        status = AlertStatus.RESOLVED.wire();
        this.endsAt = endsAt != null ? endsAt : now;
        return true;
    }
}
