package io.irsuite.comms.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A postmortem follow-up: what to do, who owns it, by when, and whether it is done. */
@Entity
@Table(name = "action_item")
public class ActionItem extends PanacheEntityBase {

    public static final String OPEN = "open";
    public static final String MANUAL = "manual";
    /** The longest title and owner the API and the console take. */
    public static final int MAX_TITLE = 500;
    public static final int MAX_OWNER = 200;

    @Id
    public UUID id;

    @Column(name = "incident_id", nullable = false)
    public UUID incidentId;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false)
    public String owner;

    /** high, medium or low. */
    @Column(nullable = false)
    public String priority;

    @Column(name = "due_date", nullable = false)
    public LocalDate dueDate;

    /** open, done or wont_do. */
    @Column(nullable = false)
    public String status;

    /** {@code manual}, or {@code seeded:<rule>} for an item drafted from the incident. */
    @Column(nullable = false)
    public String source;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Still open after its due date ({@code today} in UTC). */
    public boolean overdue(LocalDate today) {
        return OPEN.equals(status) && dueDate.isBefore(today);
    }
}
