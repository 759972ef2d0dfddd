package io.irsuite.systemtests;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The fake cluster of {@link RemediationSystemTest} on its own (no suite, a second or two): its
 * controller gives a changed pod template the next revision (reusing the ReplicaSet of an earlier
 * identical template, as Kubernetes does on a rollback) and completes the rollout.
 */
class FakeClusterTest {

    private static FakeCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = FakeCluster.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aSeededBadDeployIsRevisionTwoRolledOutWithRevisionOneInItsHistory() {
        cluster.seedBadDeploy("prod", "seeded", "shop/seeded:v1", "shop/seeded:v2");
        Deployment d = cluster.deployment("prod", "seeded");
        assertEquals("shop/seeded:v2", cluster.image("prod", "seeded"));
        assertEquals(2, cluster.revision("prod", "seeded"));
        assertEquals(d.getMetadata().getGeneration(), d.getStatus().getObservedGeneration());
        assertEquals(2, d.getStatus().getAvailableReplicas());
        List<ReplicaSet> owned = cluster.replicaSets("prod", "seeded");
        assertEquals(List.of("shop/seeded:v1", "shop/seeded:v2"), owned.stream()
                .map(rs -> rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).toList());
        assertEquals("[1:shop/seeded:v1, 2:shop/seeded:v2]", cluster.rollouts("prod", "seeded").toString());
    }

    @Test
    void aRollbackReusesTheEarlierReplicaSetWithTheNextRevisionAndANewImageGetsANewOne() {
        cluster.seedBadDeploy("prod", "undo", "shop/undo:v1", "shop/undo:v2");
        ReplicaSet first = cluster.replicaSets("prod", "undo").get(0);
        // what kubectl rollout undo (and remediation's rollback step) does: revision 1's template without its hash
        PodTemplateSpec previous = new PodTemplateSpecBuilder(first.getSpec().getTemplate()).editMetadata()
                .removeFromLabels(FakeCluster.POD_TEMPLATE_HASH).endMetadata().build();
        cluster.client().apps().deployments().inNamespace("prod").withName("undo").edit(d -> {
            d.getSpec().setTemplate(previous);
            return d;
        });
        awaitRolledOut("undo", 3);
        assertEquals("shop/undo:v1", cluster.image("prod", "undo"));
        ReplicaSet reused = cluster.client().apps().replicaSets().inNamespace("prod").withName(first.getMetadata().getName()).get();
        assertEquals("3", reused.getMetadata().getAnnotations().get(FakeCluster.REVISION));
        assertEquals("1", reused.getMetadata().getAnnotations().get(FakeCluster.REVISION_HISTORY));
        assertEquals(2, cluster.replicaSets("prod", "undo").size(), "no new ReplicaSet for a known template");

        cluster.client().apps().deployments().inNamespace("prod").withName("undo").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("shop/undo:v3");
            return d;
        });
        awaitRolledOut("undo", 4);
        assertEquals(3, cluster.replicaSets("prod", "undo").size());
        assertEquals("[1:shop/undo:v1, 2:shop/undo:v2, 3:shop/undo:v1 (" + first.getMetadata().getName() + " again), "
                + "4:shop/undo:v3]", cluster.rollouts("prod", "undo").toString());
        assertNull(cluster.deployment("prod", "undo").getSpec().getTemplate().getMetadata().getLabels()
                .get(FakeCluster.POD_TEMPLATE_HASH), "the Deployment's own template never carries the hash");
    }

    @Test
    void aScaleCompletesWithoutANewRevision() {
        cluster.seedBadDeploy("prod", "scaled", "shop/scaled:v1", "shop/scaled:v2");
        cluster.client().apps().deployments().inNamespace("prod").withName("scaled").edit(d -> {
            d.getSpec().setReplicas(5);
            return d;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Deployment d = cluster.deployment("prod", "scaled");
            return d.getStatus().getObservedGeneration() >= d.getMetadata().getGeneration()
                    && d.getStatus().getAvailableReplicas() == 5;
        });
        assertEquals(2, cluster.revision("prod", "scaled"));
        assertEquals(2, cluster.rollouts("prod", "scaled").size());
    }

    private static void awaitRolledOut(String name, long revision) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Deployment d = cluster.deployment("prod", name);
            return cluster.revision("prod", name) == revision
                    && d.getStatus().getObservedGeneration() >= d.getMetadata().getGeneration()
                    && d.getStatus().getUpdatedReplicas() == 2 && d.getStatus().getAvailableReplicas() == 2;
        });
    }
}
