package io.irsuite.remediation.kubernetes;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kubectl's rollout undo selection, without a server. */
class RolloutHistoryTest {

    static PodTemplateSpec template(String image, String hash) {
        java.util.Map<String, String> labels = new java.util.HashMap<>(java.util.Map.of("app", "web"));
        if (hash != null) {
            labels.put(RolloutHistory.POD_TEMPLATE_HASH, hash);
        }
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata().withNewSpec().addNewContainer().withName("web").withImage(image).endContainer().endSpec().build();
    }

    static Deployment deployment(long revision, String image) {
        return new DeploymentBuilder().withNewMetadata().withName("web").withUid("dep-uid")
                .addToAnnotations(RolloutHistory.REVISION, String.valueOf(revision)).endMetadata()
                .withNewSpec().withTemplate(template(image, null)).endSpec().build();
    }

    static ReplicaSet rs(String name, String ownerUid, long revision, String image) {
        return new ReplicaSetBuilder().withNewMetadata().withName(name)
                .addToAnnotations(RolloutHistory.REVISION, String.valueOf(revision))
                .addNewOwnerReference().withUid(ownerUid).withKind("Deployment").withName("web").endOwnerReference()
                .endMetadata().withNewSpec().withTemplate(template(image, name + "-hash")).endSpec().build();
    }

    @Test
    void picksTheHighestRevisionBelowTheCurrentOneAmongOwnedReplicaSets() {
        List<ReplicaSet> sets = List.of(rs("web-1", "dep-uid", 1, "web:v1"), rs("web-3", "dep-uid", 3, "web:v3"),
                rs("web-4", "dep-uid", 4, "web:v4"), rs("other-3", "other-uid", 3, "other:v9"),
                rs("web-5", "dep-uid", 5, "web:v5"));
        RolloutHistory.Previous previous = RolloutHistory.previous(deployment(4, "web:v4"), sets);
        assertTrue(previous.found(), previous.reason());
        assertEquals(3, previous.revision());
        assertEquals("web-3", previous.replicaSet());
        assertEquals("web:v3", previous.template().getSpec().getContainers().get(0).getImage());
        assertFalse(previous.template().getMetadata().getLabels().containsKey(RolloutHistory.POD_TEMPLATE_HASH));
        assertEquals("web", previous.template().getMetadata().getLabels().get("app"));
    }

    @Test
    void theOwnedReplicaSetIsNotChangedByDroppingTheHash() {
        ReplicaSet owned = rs("web-1", "dep-uid", 1, "web:v1");
        RolloutHistory.previous(deployment(2, "web:v2"), List.of(owned));
        assertEquals("web-1-hash", owned.getSpec().getTemplate().getMetadata().getLabels().get(RolloutHistory.POD_TEMPLATE_HASH));
    }

    @Test
    void anEqualTemplateIsSkipped() {
        RolloutHistory.Previous previous = RolloutHistory.previous(deployment(2, "web:v1"),
                List.of(rs("web-1", "dep-uid", 1, "web:v1"), rs("web-2", "dep-uid", 2, "web:v1")));
        assertFalse(previous.found());
        assertNull(previous.template());
        assertTrue(previous.reason().contains("same pod template"), previous.reason());
    }

    @Test
    void noPreviousRevision() {
        RolloutHistory.Previous previous = RolloutHistory.previous(deployment(1, "web:v1"),
                List.of(rs("web-1", "dep-uid", 1, "web:v1"), rs("x-0", "other-uid", 0, "x")));
        assertFalse(previous.found());
        assertTrue(previous.reason().startsWith("no previous revision"), previous.reason());
    }
}
