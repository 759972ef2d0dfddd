package io.irsuite.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/** CloudNativePG's declarative {@code Database} (postgresql.cnpg.io/v1), for the fields deploy/cloudnative-pg uses. */
// HasMetadata dispatches on kind to the generic model: this class reads itself
@JsonDeserialize(using = JsonDeserializer.None.class)
@JsonIgnoreProperties(value = {"fullResourceName", "plural", "singular", "markedForDeletion"}, allowGetters = true)
public final class CnpgDatabase implements HasMetadata {

    public record Spec(String name, String owner, CnpgCluster.NameRef cluster) {
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
