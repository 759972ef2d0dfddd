package io.irsuite.triage.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A recorded change on a service: a deploy, a config change, a feature flag flip, an infra change. */
@Entity
@Table(name = "change_event")
public class ChangeEvent extends PanacheEntityBase {

    @Id
    public UUID id;
    public String service;
    public String type;
    public String version;
    @Column(name = "previous_version")
    public String previousVersion;
    public String description;
    public Instant at;
    @Column(name = "received_at")
    public Instant receivedAt;

    public ChangeFacts facts() {
        return new ChangeFacts(service, ChangeType.fromWire(type), version, description, at);
    }
}
