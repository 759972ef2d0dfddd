package io.irsuite.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.irsuite.localstack.LocalStack;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Kubernetes API for the launched suite: fabric8's mock API server in CRUD mode (plain http on a
 * free loopback port) in the test JVM, and a controller thread that does what the Deployment
 * controller would. The CRUD server stores objects and bumps {@code metadata.generation} on a spec
 * change, but runs no controller: without one, a rollout never completes and the rollout history never
 * moves. Every {@link #TICK_MILLIS} the controller looks at each Deployment of the seeded namespaces:
 * <ul>
 * <li>when its pod template differs from the template of the ReplicaSet of its current revision, it
 *     gives the template the next {@code deployment.kubernetes.io/revision}: an owned ReplicaSet whose
 *     template matches (a rollback) has its revision bumped and the old number appended to
 *     {@code deployment.kubernetes.io/revision-history}, as Kubernetes does; otherwise a new owned
 *     ReplicaSet with a {@code pod-template-hash} is created. The Deployment's own revision annotation
 *     follows, and the change is recorded in {@link #rollouts};</li>
 * <li>it then reports the rollout complete: {@code observedGeneration} = the generation it handled,
 *     {@code replicas}, {@code updatedReplicas}, {@code availableReplicas} = {@code spec.replicas}.</li>
 * </ul>
 */
final class FakeCluster implements AutoCloseable {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    static final String POD_TEMPLATE_HASH = "pod-template-hash";
    static final long TICK_MILLIS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The mock server logs every request at INFO; kept here so that the level sticks (JUL holds loggers weakly). */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");

    /**
     * One revision the Deployment got, oldest first: its number, the image of its first container, and
     * the ReplicaSet that carries it ({@code reused}: an existing one whose revision was bumped, i.e. a
     * rollback to an earlier template).
     */
    record Rollout(long revision, String image, String replicaSet, boolean reused) {
        @Override
        public String toString() {
            return revision + ":" + image + (reused ? " (" + replicaSet + " again)" : "");
        }
    }

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final ScheduledExecutorService controller;
    private final Set<String> namespaces = ConcurrentHashMap.newKeySet();
    private final Map<String, List<Rollout>> rollouts = new ConcurrentHashMap<>();
    private final List<String> controllerErrors = new CopyOnWriteArrayList<>();

    private FakeCluster(KubernetesMockServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
        this.controller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fake-deployment-controller");
            t.setDaemon(true);
            return t;
        });
        controller.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    static FakeCluster start() throws java.io.IOException {
        MOCK_LOG.setLevel(Level.WARNING);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.start(InetAddress.getByName(LocalStack.HOST), 0);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl(url(server)).withTrustCerts(true).withNamespace("default")
                .withRequestTimeout(10_000).withConnectionTimeout(5_000).build()).build();
        return new FakeCluster(server, client);
    }

    private static String url(KubernetesMockServer server) {
        return "http://" + LocalStack.HOST + ":" + server.getPort();
    }

    /** What {@code quarkus.kubernetes-client.api-server-url} is set to, e.g. {@code http://127.0.0.1:40123}. */
    String apiServerUrl() {
        return url(server);
    }

    KubernetesClient client() {
        return client;
    }

    /**
     * A bad deploy of {@code namespace/name}: revision 1 ran {@code good}, revision 2 (current, rolled
     * out) runs {@code bad}. One container named {@code app}, two replicas.
     */
    void seedBadDeploy(String namespace, String name, String good, String bad) {
        onController(() -> {
            namespaces.add(namespace);
            Deployment d = client.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
                    .withNewMetadata().withName(name).withNamespace(namespace).addToLabels("app", name)
                    .addToAnnotations(REVISION, "2").endMetadata()
                    .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withTemplate(template(name, bad)).endSpec().build()).create();
            List<Rollout> history = new CopyOnWriteArrayList<>();
            history.add(new Rollout(1, good, createReplicaSet(d, template(name, good), 1, 0).getMetadata().getName(), false));
            history.add(new Rollout(2, bad, createReplicaSet(d, d.getSpec().getTemplate(), 2, 2).getMetadata().getName(), false));
            rollouts.put(key(namespace, name), history);
            reconcile(d);
        });
    }

    Deployment deployment(String namespace, String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name).get();
    }

    /** The image of the first container of the Deployment's pod template. */
    String image(String namespace, String name) {
        return deployment(namespace, name).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    /** The Deployment's {@code deployment.kubernetes.io/revision}. */
    long revision(String namespace, String name) {
        return revisionOf(deployment(namespace, name).getMetadata().getAnnotations());
    }

    /** Every revision the Deployment got since it was seeded (seeds included), oldest first. */
    List<Rollout> rollouts(String namespace, String name) {
        return List.copyOf(rollouts.getOrDefault(key(namespace, name), List.of()));
    }

    /** The ReplicaSets the Deployment owns, by revision. */
    List<ReplicaSet> replicaSets(String namespace, String name) {
        Deployment d = deployment(namespace, name);
        return owned(d);
    }

    /** What went wrong in the controller's rounds (conflicts are retried on the next round), newest last. */
    List<String> controllerErrors() {
        return List.copyOf(controllerErrors);
    }

    @Override
    public void close() {
        controller.shutdownNow();
        try {
            controller.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
        server.destroy();
    }

    private void tick() {
        for (String namespace : namespaces) {
            try {
                for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
                    reconcile(d);
                }
            } catch (RuntimeException e) {
                // a write that raced a step's patch: the next round sees the new state
                controllerErrors.add(e.toString());
                if (controllerErrors.size() > 100) {
                    controllerErrors.remove(0);
                }
            }
        }
    }

    /** One controller round for {@code d} as read: its template gets a revision, then its rollout completes. */
    private void reconcile(Deployment d) {
        String namespace = d.getMetadata().getNamespace();
        String name = d.getMetadata().getName();
        long generation = d.getMetadata().getGeneration() == null ? 1 : d.getMetadata().getGeneration();
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        JsonNode template = normalized(d.getSpec().getTemplate());
        List<ReplicaSet> owned = owned(d);
        long current = revisionOf(d.getMetadata().getAnnotations());
        boolean upToDate = owned.stream().anyMatch(rs -> revisionOf(rs.getMetadata().getAnnotations()) == current
                && normalized(rs.getSpec().getTemplate()).equals(template));
        Deployment latest = d;
        if (!upToDate) {
            long newest = owned.stream().mapToLong(rs -> revisionOf(rs.getMetadata().getAnnotations())).max().orElse(0);
            ReplicaSet same = owned.stream().filter(rs -> normalized(rs.getSpec().getTemplate()).equals(template))
                    .findFirst().orElse(null);
            // the newest ReplicaSet already carries this template: a round that failed halfway only lacks the annotation
            boolean halfDone = same != null && revisionOf(same.getMetadata().getAnnotations()) == newest;
            long next = halfDone ? newest : newest + 1;
            String replicaSet;
            if (halfDone) {
                replicaSet = same.getMetadata().getName();
            } else if (same != null) {
                long previous = revisionOf(same.getMetadata().getAnnotations());
                replicaSet = same.getMetadata().getName();
                client.apps().replicaSets().inNamespace(namespace).withName(replicaSet).edit(rs -> {
                    Map<String, String> annotations = new HashMap<>(rs.getMetadata().getAnnotations());
                    String history = annotations.get(REVISION_HISTORY);
                    annotations.put(REVISION_HISTORY, history == null || history.isBlank() ? Long.toString(previous)
                            : history + "," + previous);
                    annotations.put(REVISION, Long.toString(next));
                    rs.getMetadata().setAnnotations(annotations);
                    rs.getSpec().setReplicas(replicas);
                    return rs;
                });
            } else {
                replicaSet = createReplicaSet(d, d.getSpec().getTemplate(), next, replicas).getMetadata().getName();
            }
            if (!halfDone) {
                rollouts.computeIfAbsent(key(namespace, name), k -> new CopyOnWriteArrayList<>())
                        .add(new Rollout(next, firstImage(d.getSpec().getTemplate()), replicaSet, same != null));
            }
            for (ReplicaSet old : owned) {
                Integer oldReplicas = old.getSpec().getReplicas();
                if (!old.getMetadata().getName().equals(replicaSet) && oldReplicas != null && oldReplicas != 0) {
                    client.apps().replicaSets().inNamespace(namespace).withName(old.getMetadata().getName()).edit(rs -> {
                        rs.getSpec().setReplicas(0);
                        return rs;
                    });
                }
            }
            latest = client.apps().deployments().inNamespace(namespace).withName(name).edit(dep -> {
                Map<String, String> annotations = dep.getMetadata().getAnnotations() == null ? new HashMap<>()
                        : new HashMap<>(dep.getMetadata().getAnnotations());
                annotations.put(REVISION, Long.toString(next));
                dep.getMetadata().setAnnotations(annotations);
                return dep;
            });
        }
        var status = latest.getStatus();
        boolean rolledOut = status != null && status.getObservedGeneration() != null
                && status.getObservedGeneration() >= generation && Integer.valueOf(replicas).equals(status.getReplicas())
                && Integer.valueOf(replicas).equals(status.getUpdatedReplicas())
                && Integer.valueOf(replicas).equals(status.getAvailableReplicas());
        if (!rolledOut) {
            // the status subresource takes only the status: a template changed meanwhile stays pending (newer generation)
            latest.setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation).withReplicas(replicas)
                    .withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas).build());
            client.apps().deployments().inNamespace(namespace).resource(latest).updateStatus();
        }
    }

    private ReplicaSet createReplicaSet(Deployment d, PodTemplateSpec template, long revision, int replicas) {
        String hash = hash(normalized(template));
        PodTemplateSpec hashed = new PodTemplateSpecBuilder(template).editOrNewMetadata()
                .addToLabels(POD_TEMPLATE_HASH, hash).endMetadata().build();
        OwnerReference owner = new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withApiVersion("apps/v1")
                .withKind("Deployment").withName(d.getMetadata().getName()).withUid(d.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
        return client.apps().replicaSets().inNamespace(d.getMetadata().getNamespace()).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(d.getMetadata().getName() + "-" + hash)
                .withNamespace(d.getMetadata().getNamespace()).addToLabels(d.getSpec().getSelector().getMatchLabels())
                .addToLabels(POD_TEMPLATE_HASH, hash).addToAnnotations(REVISION, Long.toString(revision))
                .withOwnerReferences(owner).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels(d.getSpec().getSelector().getMatchLabels())
                .addToMatchLabels(POD_TEMPLATE_HASH, hash).endSelector().withTemplate(hashed).endSpec().build()).create();
    }

    private List<ReplicaSet> owned(Deployment d) {
        String uid = d.getMetadata().getUid();
        List<ReplicaSet> owned = new ArrayList<>();
        for (ReplicaSet rs : client.apps().replicaSets().inNamespace(d.getMetadata().getNamespace()).list().getItems()) {
            List<OwnerReference> owners = rs.getMetadata().getOwnerReferences();
            if (owners != null && owners.stream().anyMatch(o -> uid.equals(o.getUid()))) {
                owned.add(rs);
            }
        }
        owned.sort(Comparator.comparingLong(rs -> revisionOf(rs.getMetadata().getAnnotations())));
        return owned;
    }

    private static PodTemplateSpec template(String app, String image) {
        return new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", app).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec().build();
    }

    /**
     * The template as JSON without the {@code pod-template-hash} label and without nulls and empty
     * objects or arrays: a template sent back by a client may spell "nothing" differently.
     */
    private JsonNode normalized(PodTemplateSpec template) {
        try {
            JsonNode tree = JSON.readTree(client.getKubernetesSerialization().asJson(template));
            if (tree.path("metadata").path("labels") instanceof ObjectNode labels) {
                labels.remove(POD_TEMPLATE_HASH);
            }
            prune(tree);
            return tree;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean prune(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                if (prune(it.next().getValue())) {
                    it.remove();
                }
            }
            return object.isEmpty();
        }
        if (node instanceof ArrayNode array) {
            for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
                if (prune(it.next())) {
                    it.remove();
                }
            }
            return array.isEmpty();
        }
        return node == null || node.isNull();
    }

    private static String hash(JsonNode template) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(template.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstImage(PodTemplateSpec template) {
        return template.getSpec().getContainers().get(0).getImage();
    }

    private static long revisionOf(Map<String, String> annotations) {
        String value = annotations == null ? null : annotations.get(REVISION);
        try {
            return value == null ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    /** Runs {@code work} on the controller's thread, so that it never interleaves with a round. */
    private void onController(Runnable work) {
        try {
            controller.submit(work).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the fake controller did not run the seeding within 30 s", e);
        }
    }
}
