package io.irsuite.comms.domain.paging;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One walk of an escalation policy for one incident; {@code nextFireAt} is its timer. */
@Entity
@Table(name = "escalation")
public class Escalation extends PanacheEntityBase {

    public static final String ACTIVE = "active";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String RESOLVED = "resolved";
    public static final String EXHAUSTED = "exhausted";
    public static final String UNROUTED = "unrouted";

    @Id
    public UUID id;
    @Column(name = "incident_id")
    public UUID incidentId;
    public String status;
    public String reason;
    @Column(name = "trigger_type")
    public String triggerType;
    public String owner;
    public String policy;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "next_repeat")
    public int nextRepeat;
    @Column(name = "next_level")
    public int nextLevel;
    @Column(name = "next_fire_at")
    public Instant nextFireAt;
    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;
    @Column(name = "acknowledged_by")
    public String acknowledgedBy;
    @Column(name = "stopped_at")
    public Instant stoppedAt;
    public String note;
}
