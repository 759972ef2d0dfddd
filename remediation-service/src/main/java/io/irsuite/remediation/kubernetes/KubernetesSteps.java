package io.irsuite.remediation.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.irsuite.remediation.config.IrConfig;
import io.irsuite.remediation.domain.KubernetesUndo;
import io.irsuite.remediation.domain.StepDefinition;
import io.irsuite.remediation.domain.StepResult;
import io.irsuite.remediation.domain.StepStatus;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Runs {@code kubernetes} steps on the target's catalog coordinates ({@code namespace},
 * {@code deployment} placeholder values; never alert text) through the fabric8 client. The client
 * blocks, so every call runs on a worker thread; the rollout wait polls with Mutiny delays. One
 * attempt per step (a retry would repeat a change); the step timeout bounds the change and the wait.
 */
@ApplicationScoped
public class KubernetesSteps {

    public static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

    private final KubernetesClient client;
    private final IrConfig.Kubernetes config;

    public KubernetesSteps(KubernetesClient client, IrConfig config) {
        this.client = client;
        this.config = config.remediation().kubernetes();
    }

    /** A step that cannot go on; {@code undo} is what it had already changed. */
    static final class StepFailure extends RuntimeException {
        final KubernetesUndo undo;
        final boolean unreachable;

        StepFailure(String message, KubernetesUndo undo) {
            this(message, undo, false);
        }

        StepFailure(String message, KubernetesUndo undo, boolean unreachable) {
            super(message, null, false, false);
            this.undo = undo;
            this.unreachable = unreachable;
        }
    }

    private record Applied(String description, KubernetesUndo undo, boolean waitForRollout) {
    }

    /** Runs {@code s} without recording its undo before the change (tests). */
    public Uni<StepResult> run(StepDefinition s, Map<String, String> values, StepResult undoOf) {
        return run(s, values, undoOf, undo -> Uni.createFrom().voidItem());
    }

    /**
     * Runs {@code s} (defaults applied). {@code undoOf}: when {@code s} is the rollback of a
     * kubernetes step that recorded a change, that step's result; the change is then undone.
     * {@code beforeChange} is called with what the step is about to change (null: nothing to restore)
     * before the change is sent, so that the undo survives a crash of the runner; a failure of it
     * stops the step unchanged.
     */
    public Uni<StepResult> run(StepDefinition s, Map<String, String> values, StepResult undoOf,
                               Function<KubernetesUndo, Uni<Void>> beforeChange) {
        Instant started = Instant.now();
        KubernetesUndo undo = undoOf == null ? null : undoOf.undo();
        String namespace = undo != null ? undo.namespace() : values.get("namespace");
        String deployment = undo != null ? undo.deployment() : values.get("deployment");
        if (namespace == null || deployment == null) {
            return failed("service '" + values.getOrDefault("service", "?")
                    + "' has no Kubernetes coordinates (namespace, deployment) in the catalog replica", started, null);
        }
        List<String> allowed = config.allowedNamespaces().orElse(List.of());
        if (!allowed.contains(namespace)) {
            return failed("namespace '" + namespace + "' is not allowed for kubernetes steps (ir.remediation.kubernetes"
                    + ".allowed-namespaces: " + (allowed.isEmpty() ? "none" : String.join(", ", allowed)) + ")", started, null);
        }
        Instant deadline = started.plusSeconds(s.timeoutSeconds());
        String target = namespace + "/" + deployment;
        Supplier<Change> prepare = undo != null ? () -> undo(undo) : () -> prepare(s, namespace, deployment);
        Uni<Applied> change = blocking(prepare).chain(prepared -> {
            return beforeChange.apply(prepared.undo()).chain(() -> blocking(() -> {
                prepared.apply().run();
                return new Applied(prepared.description(), prepared.undo(), prepared.waitForRollout());
            }));
        });
        return change
                .ifNoItem().after(Duration.ofSeconds(s.timeoutSeconds()))
                .failWith(() -> new StepFailure("cannot reach the Kubernetes API: no answer within " + s.timeoutSeconds()
                        + " s (the change may still be applied)", null, true))
                .chain(applied -> {
                    if (!applied.waitForRollout()) {
                        return Uni.createFrom().item(result(StepStatus.SUCCEEDED, applied.description(), started, applied.undo(), false));
                    }
                    return waitRolledOut(namespace, deployment, deadline, s.timeoutSeconds(), applied.undo())
                            .map(state -> result(StepStatus.SUCCEEDED, applied.description() + "; " + state, started, applied.undo(), false));
                })
                .onFailure().recoverWithItem(failure -> result(StepStatus.FAILED, target + ": " + reason(failure), started,
                        failure instanceof StepFailure f ? f.undo : null, unreachable(failure)));
    }

    /** What a step is about to do: read first (its undo known), applied only once the undo is recorded. */
    private record Change(String description, KubernetesUndo undo, boolean waitForRollout, Runnable apply) {
    }

    private Change prepare(StepDefinition s, String ns, String name) {
        Deployment d = deployment(ns, name);
        String op = s.operation();
        switch (op) {
            case "scale" -> {
                int before = replicas(d);
                int wanted = s.replicas() != null ? s.replicas() : before + s.by();
                if (wanted < 0 || wanted > config.maxReplicas()) {
                    throw new StepFailure("scale to " + wanted + " replicas is outside 0.." + config.maxReplicas()
                            + " (ir.remediation.kubernetes.max-replicas)", null);
                }
                return new Change("scaled deployment " + name + " from " + before + " to " + wanted + " replicas",
                        new KubernetesUndo(ns, name, op, before, null), true,
                        () -> edit(ns, name, dep -> dep.getSpec().setReplicas(wanted)));
            }
            case "rollout-restart" -> {
                String now = Instant.now().toString();
                return new Change("restarted deployment " + name + " (" + RESTARTED_AT + "=" + now + ")",
                        templateUndo(ns, name, op, d), true, () -> edit(ns, name, dep -> {
                    PodTemplateSpec t = dep.getSpec().getTemplate();
                    Map<String, String> annotations = t.getMetadata().getAnnotations() == null ? new HashMap<>()
                            : new HashMap<>(t.getMetadata().getAnnotations());
                    annotations.put(RESTARTED_AT, now);
                    t.getMetadata().setAnnotations(annotations);
                }));
            }
            case "set-image" -> {
                List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
                Container container = container(containers, s.container(), name);
                String before = container.getImage();
                String containerName = container.getName();
                return new Change("set image of container " + containerName + " of deployment " + name + " from "
                        + before + " to " + s.image(), templateUndo(ns, name, op, d), true,
                        () -> edit(ns, name, dep -> dep.getSpec().getTemplate().getSpec().getContainers().stream()
                                .filter(c -> c.getName().equals(containerName)).forEach(c -> c.setImage(s.image()))));
            }
            case "rollback" -> {
                List<ReplicaSet> owned = client.apps().replicaSets().inNamespace(ns).list().getItems();
                RolloutHistory.Previous previous = RolloutHistory.previous(d, owned);
                if (!previous.found()) {
                    throw new StepFailure(previous.reason(), null);
                }
                return new Change("rolled deployment " + name + " back to revision " + previous.revision()
                        + " (replicaset " + previous.replicaSet() + ")", templateUndo(ns, name, op, d), true,
                        () -> edit(ns, name, dep -> dep.getSpec().setTemplate(previous.template())));
            }
            case "rollout-status" -> {
                return new Change("checked deployment " + name, null, true, () -> {
                });
            }
            case "delete-pod" -> {
                Map<String, String> selector = d.getSpec().getSelector() == null ? null : d.getSpec().getSelector().getMatchLabels();
                if (selector == null || selector.isEmpty()) {
                    throw new StepFailure("deployment " + name + " has no matchLabels selector", null);
                }
                Pod pod;
                if (s.pod() != null) {
                    pod = client.pods().inNamespace(ns).withName(s.pod()).get();
                    if (pod == null) {
                        throw new StepFailure("pod " + s.pod() + " not found", null);
                    }
                    Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
                    if (!labels.entrySet().containsAll(selector.entrySet())) {
                        throw new StepFailure("pod " + s.pod() + " does not belong to deployment " + name, null);
                    }
                } else {
                    pod = client.pods().inNamespace(ns).withLabels(selector).list().getItems().stream()
                            .min(Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
                                    .thenComparing(p -> p.getMetadata().getName()))
                            .orElseThrow(() -> new StepFailure("deployment " + name + " has no pod to delete", null));
                }
                String podName = pod.getMetadata().getName();
                return new Change("deleted pod " + podName + " of deployment " + name, null, true,
                        () -> client.pods().inNamespace(ns).withName(podName).delete());
            }
            default -> throw new StepFailure("unknown kubernetes operation " + op, null);
        }
    }

    /** Undoing a recorded change restores a recorded state, so it may be repeated (after a crash) and records nothing. */
    private Change undo(KubernetesUndo undo) {
        String ns = undo.namespace();
        String name = undo.deployment();
        deployment(ns, name);
        if (undo.replicas() != null) {
            return new Change("undid " + undo.operation() + ": scaled deployment " + name + " back to " + undo.replicas()
                    + " replicas", null, true, () -> edit(ns, name, dep -> dep.getSpec().setReplicas(undo.replicas())));
        }
        PodTemplateSpec template = Serialization.unmarshal(undo.template(), PodTemplateSpec.class);
        return new Change("undid " + undo.operation() + ": re-applied the previous pod template of deployment " + name,
                null, true, () -> edit(ns, name, dep -> dep.getSpec().setTemplate(template)));
    }

    private KubernetesUndo templateUndo(String ns, String name, String op, Deployment d) {
        return new KubernetesUndo(ns, name, op, null,
                Serialization.asJson(RolloutHistory.withoutHash(d.getSpec().getTemplate())));
    }

    private Deployment deployment(String ns, String name) {
        Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
        if (d == null) {
            throw new StepFailure("deployment " + name + " not found in namespace " + ns, null);
        }
        return d;
    }

    private void edit(String ns, String name, java.util.function.Consumer<Deployment> change) {
        client.apps().deployments().inNamespace(ns).withName(name).edit(dep -> {
            change.accept(dep);
            return dep;
        });
    }

    private static Container container(List<Container> containers, String wanted, String deployment) {
        if (wanted == null) {
            if (containers.size() == 1) {
                return containers.get(0);
            }
            throw new StepFailure("deployment " + deployment + " has containers "
                    + containers.stream().map(Container::getName).collect(Collectors.joining(", ")) + "; name one in container", null);
        }
        return containers.stream().filter(c -> wanted.equals(c.getName())).findFirst()
                .orElseThrow(() -> new StepFailure("deployment " + deployment + " has no container " + wanted, null));
    }

    /** Polls the Deployment until rolled out; the rollout state, or a StepFailure carrying {@code undo} at the deadline. */
    private Uni<String> waitRolledOut(String ns, String name, Instant deadline, int timeoutSeconds, KubernetesUndo undo) {
        return blocking(() -> rolloutPending(deployment(ns, name))).chain(pending -> {
            if (pending == null) {
                return Uni.createFrom().item("rollout complete");
            }
            if (!Instant.now().isBefore(deadline)) {
                return Uni.createFrom().failure(new StepFailure("timed out after " + timeoutSeconds
                        + " s waiting for the rollout (" + pending + ")", undo));
            }
            Duration pause = config.pollInterval();
            Duration left = Duration.between(Instant.now(), deadline);
            return Uni.createFrom().voidItem().onItem().delayIt().by(left.compareTo(pause) < 0 ? left : pause)
                    .chain(() -> waitRolledOut(ns, name, deadline, timeoutSeconds, undo));
        }).onFailure(f -> !(f instanceof StepFailure)).transform(f -> new StepFailure(reason(f), undo, unreachable(f)));
    }

    /** Null once rolled out (as kubectl rollout status), else what is still missing. */
    static String rolloutPending(Deployment d) {
        long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        DeploymentStatus st = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        long observed = st.getObservedGeneration() == null ? -1 : st.getObservedGeneration();
        int replicas = replicas(d);
        int updated = st.getUpdatedReplicas() == null ? 0 : st.getUpdatedReplicas();
        int available = st.getAvailableReplicas() == null ? 0 : st.getAvailableReplicas();
        if (observed < generation) {
            return "observed generation " + observed + " < generation " + generation;
        }
        if (updated != replicas || available != replicas) {
            return updated + " updated and " + available + " available of " + replicas + " replicas";
        }
        return null;
    }

    private static int replicas(Deployment d) {
        return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    private static <T> Uni<T> blocking(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** A failure before anything was sent: missing coordinates or a namespace not allowed (the suite's configuration). */
    private static Uni<StepResult> failed(String reason, Instant started, KubernetesUndo undo) {
        return Uni.createFrom().item(result(StepStatus.FAILED, reason, started, undo, true));
    }

    private static StepResult result(StepStatus status, String output, Instant started, KubernetesUndo undo, boolean unreachable) {
        return new StepResult(status, 1, output, started, Instant.now(), undo, unreachable);
    }

    /** The API could not be reached, or refused the suite's credentials (401, 403): nothing about the action. */
    private static boolean unreachable(Throwable failure) {
        if (failure instanceof StepFailure f) {
            return f.unreachable;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return failure instanceof KubernetesClientException k && (k.getCode() == 401 || k.getCode() == 403);
    }

    private static String reason(Throwable failure) {
        if (failure instanceof StepFailure) {
            return failure.getMessage();
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return "cannot reach the Kubernetes API: " + t;
            }
        }
        if (failure instanceof KubernetesClientException k) {
            return "the Kubernetes API answered " + k.getCode() + ": " + k.getMessage();
        }
        return "the Kubernetes client failed: " + failure;
    }
}
