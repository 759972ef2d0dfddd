package io.irsuite.comms.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Where notifications go: a webhook, a Slack incoming webhook or an e-mail address. */
@Entity
@Table(name = "channel")
public class Channel extends PanacheEntityBase {

    @Id
    public String name;

    public String type;
    public String url;
    public String address;

    /** The least severe incident severity this channel hears about (SEV4 = everything). */
    @Column(name = "min_severity")
    public String minSeverity;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The URL or address deliveries go to. */
    public String target() {
        return ChannelType.email.name().equals(type) ? address : url;
    }
}
