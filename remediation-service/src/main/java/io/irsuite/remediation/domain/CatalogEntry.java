package io.irsuite.remediation.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Remediation's replica of one catalog service: where it runs in Kubernetes. */
@Entity
@Table(name = "catalog_service")
public class CatalogEntry extends PanacheEntityBase {

    @Id
    public String name;

    public String namespace;

    public String deployment;

    public String kind;

    public String owner;

    @Column(nullable = false)
    public long revision;

    @Column(nullable = false)
    public boolean deleted;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /**
     * The placeholder values for a step targeting {@code target}: {@code service} is the target
     * itself, {@code namespace}/{@code deployment} come from {@code entry} (null or deleted: absent).
     */
    public static Map<String, String> placeholderValues(String target, CatalogEntry entry) {
        Map<String, String> values = new HashMap<>();
        if (target != null) {
            values.put("service", target);
        }
        if (entry != null && !entry.deleted) {
            if (entry.namespace != null) {
                values.put("namespace", entry.namespace);
            }
            if (entry.deployment != null) {
                values.put("deployment", entry.deployment);
            }
        }
        return values;
    }
}
