package io.irsuite.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The overlays of {@code deploy/overlays}, each rendered once by {@code kubectl kustomize} and parsed
 * strictly into fabric8's typed model: an unknown kind or an unknown field anywhere fails the parse.
 */
public final class Manifests {

    /** Every kind the manifests may contain, by {@code apiVersion/kind}; anything else is a mistake. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", ClusterRole.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class),
            Map.entry("gateway.networking.k8s.io/v1/Gateway", Gateway.class),
            Map.entry("gateway.networking.k8s.io/v1/HTTPRoute", HTTPRoute.class),
            Map.entry("postgresql.cnpg.io/v1/Cluster", CnpgCluster.class),
            Map.entry("postgresql.cnpg.io/v1/Database", CnpgDatabase.class));

    static final String SUITE_NAMESPACE = "ir-suite";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper STRICT = strictMapper();
    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    final String overlay;
    final List<HasMetadata> objects;

    private Manifests(String overlay, List<HasMetadata> objects) {
        this.overlay = overlay;
        this.objects = List.copyOf(objects);
    }

    /** The checkout (the surefire configuration passes it; else the parent of the module directory). */
    static Path repoRoot() {
        String root = System.getProperty("repo.root");
        return (root != null ? Path.of(root) : Path.of("..")).toAbsolutePath().normalize();
    }

    /** The overlay names under deploy/overlays: every one of them is rendered and checked. */
    static List<String> overlays() {
        try (Stream<Path> dirs = Files.list(repoRoot().resolve("deploy/overlays"))) {
            List<String> names = dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
            if (names.isEmpty()) {
                throw new IllegalStateException("no overlay under deploy/overlays");
            }
            return names;
        } catch (IOException e) {
            throw new IllegalStateException("cannot list deploy/overlays", e);
        }
    }

    /** The rendered and parsed overlay, rendered once per test run. */
    static Manifests of(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> parse(o, render(repoRoot().resolve("deploy/overlays").resolve(o))));
    }

    static Manifests parse(String overlay, String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(yaml)) {
            for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (doc == null || doc.isNull() || doc.isEmpty()) {
                    continue;
                }
                objects.add(typed(doc));
            }
        } catch (IOException e) {
            throw new IllegalStateException(overlay + ": " + e.getMessage(), e);
        }
        return new Manifests(overlay, objects);
    }

    /** One object into its model class; fails on an unknown kind or any field the model does not know. */
    static HasMetadata typed(JsonNode doc) {
        String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(key);
        if (type == null) {
            throw new IllegalStateException("unexpected kind " + key + " (" + doc.path("metadata").path("name").asText() + ")");
        }
        try {
            return STRICT.treeToValue(doc, type);
        } catch (IOException e) {
            throw new IllegalStateException(key + " " + doc.path("metadata").path("name").asText() + ": " + e.getMessage(), e);
        }
    }

    /** {@code kubectl kustomize <dir>}; kubectl must be on PATH (CI has it), never skipped. */
    static String render(Path dir) {
        String version = run("version", "--client");
        if (!Pattern.compile("Kustomize Version: v5\\.").matcher(version).find()) {
            throw new IllegalStateException("deploy-tests need kubectl with kustomize v5 (kubectl 1.27 or newer); `kubectl version --client` says: " + version);
        }
        return run("kustomize", dir.toString());
    }

    private static String run(String... args) {
        String kubectl = System.getProperty("kubectl", "kubectl");
        List<String> command = new ArrayList<>(List.of(kubectl));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new IllegalStateException("deploy-tests need kubectl with kustomize v5 on the PATH (or -Dkubectl=/path/to/kubectl) "
                    + "to render deploy/overlays; it could not be started: " + e.getMessage(), e);
        }
        try (InputStream out = p.getInputStream(); InputStream err = p.getErrorStream()) {
            byte[] stdout = out.readAllBytes();
            String stderr = new String(err.readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + stderr);
            }
            return new String(stdout, StandardCharsets.UTF_8);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e, e);
        }
    }

    /**
     * fabric8's model classes keep unknown fields in an any-setter map; without it Jackson reports them,
     * so a misspelt or misplaced field (e.g. {@code spec.replica}) fails the parse.
     */
    private static ObjectMapper strictMapper() {
        SimpleModule strict = new SimpleModule("strict-kubernetes-model");
        strict.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription beanDesc,
                                                         BeanDeserializerBuilder builder) {
                if (beanDesc.getBeanClass().getName().startsWith("io.fabric8.")) {
                    builder.setAnySetter(null);
                }
                return builder;
            }
        });
        return new ObjectMapper()
                .registerModule(strict)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    }

    // ---- lookups

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String namespace, String name) {
        return all(type).stream()
                .filter(o -> name.equals(o.getMetadata().getName()))
                .filter(o -> java.util.Objects.equals(namespace, o.getMetadata().getNamespace()))
                .findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
        return find(type, namespace, name).orElseThrow(() -> new AssertionError(
                overlay + ": no " + type.getSimpleName() + " " + namespace + "/" + name));
    }

    /** A Deployment or StatefulSet: its name, namespace, replica count and pod template. */
    record Workload(String kind, String namespace, String name, int replicas, PodTemplateSpec template,
                    Map<String, String> matchLabels) {
        String id() {
            return kind + " " + namespace + "/" + name;
        }
    }

    List<Workload> workloads() {
        List<Workload> out = new ArrayList<>();
        for (Deployment d : all(Deployment.class)) {
            out.add(new Workload("Deployment", d.getMetadata().getNamespace(), d.getMetadata().getName(),
                    d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas(), d.getSpec().getTemplate(),
                    d.getSpec().getSelector().getMatchLabels()));
        }
        for (StatefulSet s : all(StatefulSet.class)) {
            out.add(new Workload("StatefulSet", s.getMetadata().getNamespace(), s.getMetadata().getName(),
                    s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas(), s.getSpec().getTemplate(),
                    s.getSpec().getSelector().getMatchLabels()));
        }
        return out;
    }

    /** Whether {@code selector} (matchLabels) selects {@code labels}: every pair present, and not empty. */
    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels != null
                && labels.entrySet().containsAll(selector.entrySet());
    }

    @Override
    public String toString() {
        return overlay;
    }
}
