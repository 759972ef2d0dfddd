package io.irsuite.remediation.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.irsuite.remediation.domain.StepDefinition;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.irsuite.remediation.Flows.awaitExecution;
import static io.irsuite.remediation.Flows.catalog;
import static io.irsuite.remediation.Flows.putRunbook;
import static io.irsuite.remediation.Flows.triage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kubernetes steps against the client's test server in CRUD mode (no controller: a test thread
 * plays the Deployment controller's status for Deployments labelled {@code rollout=ok}). The test
 * server joins the suite's one set of test resources, so Quarkus does not restart for it.
 * Namespace {@code prod} is allowed in the test profile; anything else is not.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class KubernetesStepsFlowTest {

    static final String NS = "prod";
    static final String FAIL = """
            {"name": "then fail", "type": "http", "method": "POST", "url": "http://127.0.0.1:1/refused"}""";

    @KubernetesTestServer
    KubernetesServer server;

    @jakarta.inject.Inject
    io.irsuite.remediation.kubernetes.KubernetesSteps steps;

    static KubernetesClient client;
    static ScheduledExecutorService controller;

    @BeforeEach
    void startController() {
        if (controller == null) {
            client = server.getClient();
            controller = Executors.newSingleThreadScheduledExecutor();
            controller.scheduleWithFixedDelay(KubernetesStepsFlowTest::rollOut, 50, 50, TimeUnit.MILLISECONDS);
        }
    }

    @AfterAll
    static void stopController() {
        if (controller != null) {
            controller.shutdownNow();
            controller = null;
        }
    }

    /** Marks every Deployment labelled rollout=ok as rolled out. */
    static void rollOut() {
        try {
            for (Deployment d : client.apps().deployments().inNamespace(NS).withLabel("rollout", "ok").list().getItems()) {
                if (KubernetesSteps.rolloutPending(d) != null) {
                    int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
                    long generation = d.getMetadata().getGeneration() == null ? 1 : d.getMetadata().getGeneration();
                    d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation).withReplicas(replicas)
                            .withUpdatedReplicas(replicas).withAvailableReplicas(replicas).withReadyReplicas(replicas).build());
                    client.apps().deployments().inNamespace(NS).resource(d).updateStatus();
                }
            }
        } catch (RuntimeException e) {
            // a conflict with a step's patch: the next round sees the new state
        }
    }

    static Deployment create(String name, String image, int replicas, boolean rollsOut, long revision) {
        Deployment d = new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels("rollout", rollsOut ? "ok" : "stuck")
                .addToAnnotations(RolloutHistory.REVISION, String.valueOf(revision)).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec().endTemplate()
                .endSpec().build();
        return client.apps().deployments().inNamespace(NS).resource(d).create();
    }

    static Deployment get(String name) {
        return client.apps().deployments().inNamespace(NS).withName(name).get();
    }

    static String image(String name) {
        return get(name).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    /** Registers the service in the catalog replica, runs a runbook with {@code steps} for a fresh incident. */
    static UUID run(String action, String namespace, String deployment, String steps) throws Exception {
        catalog(action + "-svc", namespace, deployment);
        putRunbook(action, """
                {"name": "%1$s", "actions": ["%1$s"], "steps": %2$s}""".formatted(action, steps));
        UUID incident = UUID.randomUUID();
        triage(incident, 1, action, action + "-svc", true, true, "deploy");
        return incident;
    }

    @Test
    void scaleRelativeThenItsRollbackScalesBackToTheRecordedCount() throws Exception {
        create("k-scale", "app:v1", 2, true, 1);
        UUID incident = run("k8s-scale", NS, "k-scale", """
                [{"name": "scale up", "type": "kubernetes", "operation": "scale", "by": 2, "timeoutSeconds": 10,
                  "rollback": {"name": "scale back", "type": "kubernetes", "operation": "scale", "by": -2, "timeoutSeconds": 10}},
                 %s]""".formatted(FAIL));
        JsonPath done = awaitExecution(incident, "ROLLED_BACK");
        String out = done.getString("[0].steps[0].output");
        assertTrue(out.contains("from 2 to 4 replicas") && out.contains("rollout complete"), out);
        String undo = done.getString("[0].steps[2].output");
        assertTrue(undo.contains("back to 2 replicas"), undo);
        assertEquals(2, get("k-scale").getSpec().getReplicas());
    }

    @Test
    void scaleAboveTheMaximumFails() throws Exception {
        create("k-scale-max", "app:v1", 2, true, 1);
        UUID incident = run("k8s-scale-max", NS, "k-scale-max", """
                [{"name": "too many", "type": "kubernetes", "operation": "scale", "replicas": 21}]""");
        String out = awaitExecution(incident, "FAILED").getString("[0].steps[0].output");
        assertTrue(out.contains("outside 0..20"), out);
        assertEquals(2, get("k-scale-max").getSpec().getReplicas());
    }

    @Test
    void rolloutRestartSetsRestartedAtAndItsRollbackReappliesTheTemplate() throws Exception {
        create("k-restart", "app:v1", 1, true, 1);
        UUID ok = run("k8s-restart", NS, "k-restart", """
                [{"name": "restart", "type": "kubernetes", "operation": "rollout-restart", "timeoutSeconds": 10}]""");
        awaitExecution(ok, "SUCCEEDED");
        assertTrue(get("k-restart").getSpec().getTemplate().getMetadata().getAnnotations()
                .containsKey(KubernetesSteps.RESTARTED_AT));

        create("k-restart-undo", "app:v1", 1, true, 1);
        UUID undone = run("k8s-restart-undo", NS, "k-restart-undo", """
                [{"name": "restart", "type": "kubernetes", "operation": "rollout-restart", "timeoutSeconds": 10,
                  "rollback": {"name": "undo", "type": "kubernetes", "operation": "rollback", "timeoutSeconds": 10}},
                 %s]""".formatted(FAIL));
        JsonPath done = awaitExecution(undone, "ROLLED_BACK");
        assertTrue(done.getString("[0].steps[2].output").contains("re-applied the previous pod template"),
                done.getString("[0].steps[2].output"));
        var annotations = get("k-restart-undo").getSpec().getTemplate().getMetadata().getAnnotations();
        assertTrue(annotations == null || !annotations.containsKey(KubernetesSteps.RESTARTED_AT), String.valueOf(annotations));
    }

    @Test
    void setImageAndItsRollback() throws Exception {
        create("k-image", "app:v1", 1, true, 1);
        UUID ok = run("k8s-image", NS, "k-image", """
                [{"name": "pin", "type": "kubernetes", "operation": "set-image", "container": "app", "image": "app:v2",
                  "timeoutSeconds": 10}]""");
        awaitExecution(ok, "SUCCEEDED");
        assertEquals("app:v2", image("k-image"));

        UUID undone = run("k8s-image-undo", NS, "k-image", """
                [{"name": "pin", "type": "kubernetes", "operation": "set-image", "image": "app:v3", "timeoutSeconds": 10,
                  "rollback": {"name": "undo", "type": "kubernetes", "operation": "rollback", "timeoutSeconds": 10}},
                 %s]""".formatted(FAIL));
        JsonPath done = awaitExecution(undone, "ROLLED_BACK");
        assertTrue(done.getString("[0].steps[0].output").contains("from app:v2 to app:v3"), done.getString("[0].steps[0].output"));
        assertEquals("app:v2", image("k-image"));
    }

    @Test
    void rollbackPatchesThePreviousRevisionsTemplateThenSkipsAnEqualOne() throws Exception {
        Deployment d = create("k-rb", "app:v2", 1, true, 2);
        owned(d, "k-rb-1", 1, "app:v1");
        owned(d, "k-rb-2", 2, "app:v2");
        UUID ok = run("k8s-rb", NS, "k-rb", """
                [{"name": "undo deploy", "type": "kubernetes", "operation": "rollback", "timeoutSeconds": 10}]""");
        JsonPath done = awaitExecution(ok, "SUCCEEDED");
        assertTrue(done.getString("[0].steps[0].output").contains("back to revision 1 (replicaset k-rb-1)"),
                done.getString("[0].steps[0].output"));
        assertEquals("app:v1", image("k-rb"));
        assertNull(get("k-rb").getSpec().getTemplate().getMetadata().getLabels().get(RolloutHistory.POD_TEMPLATE_HASH));

        // no controller bumps the revision here: revision 1 now equals the current template
        UUID again = run("k8s-rb-again", NS, "k-rb", """
                [{"name": "undo deploy", "type": "kubernetes", "operation": "rollback", "timeoutSeconds": 10}]""");
        String out = awaitExecution(again, "FAILED").getString("[0].steps[0].output");
        assertTrue(out.contains("same pod template"), out);
    }

    @Test
    void rollbackIsUndoneByItsRollbackStep() throws Exception {
        Deployment d = create("k-rb-undo", "app:v2", 1, true, 2);
        owned(d, "k-rb-undo-1", 1, "app:v1");
        UUID incident = run("k8s-rb-undo", NS, "k-rb-undo", """
                [{"name": "undo deploy", "type": "kubernetes", "operation": "rollback", "timeoutSeconds": 10,
                  "rollback": {"name": "redo", "type": "kubernetes", "operation": "rollback", "timeoutSeconds": 10}},
                 %s]""".formatted(FAIL));
        awaitExecution(incident, "ROLLED_BACK");
        assertEquals("app:v2", image("k-rb-undo"));
    }

    @Test
    void deletePodDeletesOnePodOfTheDeployment() throws Exception {
        create("k-pod", "app:v1", 2, true, 1);
        for (String name : new String[] {"k-pod-a", "k-pod-b"}) {
            client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                    .addToLabels("app", "k-pod").endMetadata().build()).create();
        }
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("other-pod").withNamespace(NS)
                .addToLabels("app", "other").endMetadata().build()).create();
        UUID incident = run("k8s-pod", NS, "k-pod", """
                [{"name": "kill one", "type": "kubernetes", "operation": "delete-pod", "timeoutSeconds": 10}]""");
        JsonPath done = awaitExecution(incident, "SUCCEEDED");
        assertTrue(done.getString("[0].steps[0].output").contains("deleted pod k-pod-"), done.getString("[0].steps[0].output"));
        assertEquals(1, client.pods().inNamespace(NS).withLabel("app", "k-pod").list().getItems().size());
        assertFalse(client.pods().inNamespace(NS).withName("other-pod").get() == null);
    }

    @Test
    void aRolloutThatNeverCompletesTimesOut() throws Exception {
        create("k-stuck", "app:v1", 1, false, 1);
        UUID incident = run("k8s-stuck", NS, "k-stuck", """
                [{"name": "restart", "type": "kubernetes", "operation": "rollout-restart", "timeoutSeconds": 1}]""");
        String out = awaitExecution(incident, "FAILED").getString("[0].steps[0].output");
        assertTrue(out.contains("timed out after 1 s waiting for the rollout"), out);
    }

    @Test
    void aRunbookWithKubernetesStepsIsNotSelectedForATargetOutsideTheAllowList() throws Exception {
        UUID incident = run("k8s-forbidden", "kube-system", "coredns", """
                [{"name": "restart", "type": "kubernetes", "operation": "rollout-restart"}]""");
        org.awaitility.Awaitility.await().during(java.time.Duration.ofSeconds(3)).atMost(java.time.Duration.ofSeconds(6))
                .until(() -> io.irsuite.remediation.Flows.executions(incident).getList("id").isEmpty());
    }

    @Test
    void aStepOnANamespaceOutsideTheAllowListFailsWithoutCallingTheApi() {
        StepDefinition restart = new StepDefinition("restart", "kubernetes", null, null, null, null, null, 5, null, null, null,
                "rollout-restart", null, null).withDefaults();
        var result = steps.run(restart, java.util.Map.of("service", "dns", "namespace", "kube-system", "deployment", "coredns"), null)
                .await().atMost(java.time.Duration.ofSeconds(10));
        assertEquals(io.irsuite.remediation.domain.StepStatus.FAILED, result.status());
        assertTrue(result.output().contains("namespace 'kube-system' is not allowed"), result.output());
        assertTrue(result.unreachable(), "a configuration refusal says nothing about the action");
    }

    static void owned(Deployment d, String name, long revision, String image) {
        client.apps().replicaSets().inNamespace(NS).resource(new ReplicaSetBuilder().withNewMetadata().withName(name)
                .withNamespace(NS).addToAnnotations(RolloutHistory.REVISION, String.valueOf(revision))
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName(d.getMetadata().getName())
                .withUid(d.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withReplicas(0).withNewSelector().addToMatchLabels("app", d.getMetadata().getName()).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", d.getMetadata().getName())
                .addToLabels(RolloutHistory.POD_TEMPLATE_HASH, name + "-hash").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
    }
}
