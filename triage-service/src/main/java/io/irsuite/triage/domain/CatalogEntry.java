package io.irsuite.triage.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One service (or database, cache, queue, external dependency) of the catalog. */
@Entity
@Table(name = "catalog_service")
public class CatalogEntry extends PanacheEntityBase {

    /** Catalog names: lower-case, digits, dot, underscore, dash; 1-100 characters. */
    public static final String NAME_PATTERN = "[a-z0-9][a-z0-9._-]{0,99}";
    public static final int DEFAULT_TIER = 2;

    @Id
    public String name;
    public int tier;
    public String owner;
    public String kind;
    @Convert(converter = NameListConverter.class)
    @Column(name = "depends_on")
    public List<String> dependsOn = new ArrayList<>();
    @Column(name = "k8s_namespace")
    public String k8sNamespace;
    @Column(name = "k8s_deployment")
    public String k8sDeployment;
    public long revision;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Whether the entry already holds exactly {@code spec}. */
    public boolean holds(CatalogSpec spec) {
        return tier == spec.tier() && Objects.equals(owner, spec.owner()) && Objects.equals(kind, spec.kind().wire())
                && Objects.equals(dependsOn, spec.dependsOn())
                && Objects.equals(k8sNamespace, spec.namespace()) && Objects.equals(k8sDeployment, spec.deployment());
    }

    public void apply(CatalogSpec spec) {
        tier = spec.tier();
        owner = spec.owner();
        kind = spec.kind().wire();
        dependsOn = new ArrayList<>(spec.dependsOn());
        k8sNamespace = spec.namespace();
        k8sDeployment = spec.deployment();
    }

    public ServiceNode node() {
        return new ServiceNode(name, ServiceKind.fromWire(kind), tier, dependsOn);
    }
}
