package io.irsuite.comms.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * One attempt of one delivery, written when the sender claims it (before sending) and completed with
 * its outcome: {@code delivered}, {@code temporary}, {@code permanent}, or {@code interrupted} when the
 * next claim found it without one. {@code outcome} is null while the attempt is in flight.
 */
@Entity
@Table(name = "notification_attempt")
public class NotificationAttempt extends PanacheEntityBase {

    public static final String INTERRUPTED = "interrupted";

    @Id
    public UUID id;

    @Column(name = "notification_id")
    public UUID notificationId;

    public int attempt;

    @Column(name = "channel_type")
    public String channelType;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    public String outcome;
    public String error;
}
