package io.irsuite.comms.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Who holds one of an incident's roles: incident commander, communications lead, scribe. */
@Entity
@Table(name = "incident_role")
@IdClass(IncidentRole.Key.class)
public class IncidentRole extends PanacheEntityBase {

    public static final String COMMANDER = "commander";
    public static final List<String> ROLES = List.of(COMMANDER, "communications", "scribe");
    /** The longest user name a role takes (the API's and the console's limit). */
    public static final int MAX_USER = 100;

    @Id
    @Column(name = "incident_id")
    public UUID incidentId;

    @Id
    public String role;

    @Column(name = "user_name", nullable = false)
    public String user;

    @Column(name = "assigned_by", nullable = false)
    public String assignedBy;

    @Column(name = "assigned_at", nullable = false)
    public Instant assignedAt;

    /** The role in words, for the timeline. */
    public static String words(String role) {
        return switch (role) {
            case COMMANDER -> "incident commander";
            case "communications" -> "communications lead";
            default -> role;
        };
    }

    /** The composite key. */
    public static class Key implements Serializable {
        public UUID incidentId;
        public String role;

        public Key() {
        }

        public Key(UUID incidentId, String role) {
            this.incidentId = incidentId;
            this.role = role;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(incidentId, k.incidentId) && Objects.equals(role, k.role);
        }

        @Override
        public int hashCode() {
            return Objects.hash(incidentId, role);
        }
    }
}
