package io.irsuite.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CloudNativePG's {@code Cluster} (postgresql.cnpg.io/v1), modelled for the fields deploy/cloudnative-pg
 * uses, no more: a field outside them fails the strict parse (extend the records when the manifest
 * grows), and the enumerations are checked against the operator's API reference.
 */
// HasMetadata dispatches on kind to the generic model: this class reads itself
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonIgnoreProperties(value = {"fullResourceName", "plural", "singular", "markedForDeletion"}, allowGetters = true)
public final class CnpgCluster implements HasMetadata {

    public record Spec(int instances, String imageName, String primaryUpdateStrategy, Storage storage,
                       Postgresql postgresql, Bootstrap bootstrap, Managed managed, ResourceRequirements resources) {
        public Spec {
            check("primaryUpdateStrategy", primaryUpdateStrategy, Set.of("unsupervised", "supervised"));
        }
    }

    public record Storage(String size) {
    }

    public record Postgresql(Map<String, String> parameters, Synchronous synchronous) {
    }

    public record Synchronous(String method, int number, String dataDurability) {
        public Synchronous {
            check("synchronous.method", method, Set.of("any", "first"));
            check("synchronous.dataDurability", dataDurability, Set.of("required", "preferred"));
        }
    }

    public record Bootstrap(Initdb initdb) {
    }

    public record Initdb(String database, String owner, NameRef secret) {
    }

    public record NameRef(String name) {
    }

    public record Managed(List<Role> roles) {
    }

    public record Role(String name, String ensure, boolean login, NameRef passwordSecret) {
        public Role {
            check("roles[].ensure", ensure, Set.of("present", "absent"));
        }
    }

    static void check(String field, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw new IllegalArgumentException(field + " '" + value + "' is not one of " + allowed);
        }
    }

    private String apiVersion;
    private String kind;
    private ObjectMeta metadata;
    private Spec spec;

    @Override
    public ObjectMeta getMetadata() {
        return metadata;
    }

    @Override
    public void setMetadata(ObjectMeta metadata) {
        this.metadata = metadata;
    }

    @Override
    public String getApiVersion() {
        return apiVersion;
    }

    @Override
    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    @Override
    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public Spec getSpec() {
        return spec;
    }

    public void setSpec(Spec spec) {
        this.spec = spec;
    }
}
