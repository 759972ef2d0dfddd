package io.irsuite.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every overlay: strict parse, selectors, probes, resources, security, disruption budgets, autoscalers, config references. */
class ManifestsTest {

    /** The four services, by container and Deployment name. */
    static final List<String> SERVICES = List.of("detection-service", "triage-service", "remediation-service", "comms-service");

    /** What quarkus-smallrye-health serves: startup, readiness and liveness. */
    static final Set<String> HEALTH_PATHS = Set.of("/q/health/started", "/q/health/ready", "/q/health/live");

    /** Highest RSS at rest of one service in bench/README.md (suite-footprint.sh): the memory request covers it. */
    static final long MEASURED_RSS_AT_REST_MIB = 199;

    static List<String> overlays() {
        return Manifests.overlays();
    }

    @Test
    void everyOverlayIsTested() {
        assertTrue(overlays().containsAll(List.of("dev", "prod", "prod-gateway", "prod-cnpg")), overlays().toString());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void rendersAndParsesStrictly(String overlay) {
        Manifests m = Manifests.of(overlay);
        for (String service : SERVICES) {
            m.get(Deployment.class, Manifests.SUITE_NAMESPACE, service);
            m.get(Service.class, Manifests.SUITE_NAMESPACE, service);
            m.get(ServiceAccount.class, Manifests.SUITE_NAMESPACE, service);
            m.get(HorizontalPodAutoscaler.class, Manifests.SUITE_NAMESPACE, service);
            m.get(PodDisruptionBudget.class, Manifests.SUITE_NAMESPACE, service);
        }
        for (HasMetadata o : m.objects) {
            assertNotNull(o.getMetadata().getName(), overlay + ": an object without a name");
        }
    }

    @Test
    void theParserRefusesUnknownFieldsAndKinds() {
        String misspelt = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replica: 2
                  selector: {matchLabels: {a: b}}
                  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}
                """;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Manifests.parse("t", misspelt));
        assertTrue(e.getMessage().contains("replica"), e.getMessage());
        String nested = misspelt.replace("replica: 2", "replicas: 2").replace("image: i", "image: i, imagePullPolicyy: Always");
        e = assertThrows(IllegalStateException.class, () -> Manifests.parse("t", nested));
        assertTrue(e.getMessage().contains("imagePullPolicyy"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Manifests.parse("t", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"));
        assertEquals(1, Manifests.parse("t", misspelt.replace("replica: 2", "replicas: 2")).objects.size());
        String cluster = """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: c}
                spec: {instances: 3, storage: {size: 1Gi}, primaryUpdateStrategy: unsupervised}
                """;
        assertEquals(1, Manifests.parse("t", cluster).all(CnpgCluster.class).size());
        e = assertThrows(IllegalStateException.class, () -> Manifests.parse("t", cluster.replace("instances: 3", "instance: 3")));
        assertTrue(e.getMessage().contains("instance"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Manifests.parse("t", cluster.replace("unsupervised", "later")));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noSecretValuesAreRendered(String overlay) {
        assertEquals(List.of(), Manifests.of(overlay).all(Secret.class).stream().map(s -> s.getMetadata().getName()).toList(),
                overlay + ": Secrets are created by the operator, never rendered");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void serviceSelectorsMatchPodLabelsAndPortsResolve(String overlay) {
        Manifests m = Manifests.of(overlay);
        for (Service s : m.all(Service.class)) {
            Map<String, String> selector = s.getSpec().getSelector();
            List<Manifests.Workload> selected = m.workloads().stream()
                    .filter(w -> Objects.equals(w.namespace(), s.getMetadata().getNamespace()))
                    .filter(w -> Manifests.selects(selector, w.template().getMetadata().getLabels()))
                    .toList();
            assertEquals(1, selected.size(), overlay + ": Service " + s.getMetadata().getName() + " selector " + selector
                    + " must select the pods of exactly one workload, selects " + selected.stream().map(Manifests.Workload::id).toList());
            for (ServicePort port : s.getSpec().getPorts()) {
                assertNotNull(containerPort(selected.get(0).template().getSpec(), port.getTargetPort()),
                        overlay + ": Service " + s.getMetadata().getName() + " targetPort " + port.getTargetPort()
                                + " is no port of " + selected.get(0).id());
            }
        }
        for (Manifests.Workload w : m.workloads()) {
            assertTrue(Manifests.selects(w.matchLabels(), w.template().getMetadata().getLabels()),
                    overlay + ": " + w.id() + " selector does not match its own pod template");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void probesUseExistingPortsAndHealthPaths(String overlay) throws IOException {
        Manifests m = Manifests.of(overlay);
        for (Manifests.Workload w : m.workloads()) {
            for (Container c : w.template().getSpec().getContainers()) {
                String where = overlay + ": " + w.id() + " container " + c.getName();
                for (Map.Entry<String, Probe> e : Map.of("startupProbe", nonNull(c.getStartupProbe(), where + " startupProbe"),
                        "readinessProbe", nonNull(c.getReadinessProbe(), where + " readinessProbe"),
                        "livenessProbe", nonNull(c.getLivenessProbe(), where + " livenessProbe")).entrySet()) {
                    Probe p = e.getValue();
                    HTTPGetAction http = p.getHttpGet();
                    if (http != null) {
                        assertNotNull(containerPort(w.template().getSpec(), http.getPort()), where + " " + e.getKey() + " port " + http.getPort());
                        assertTrue(HEALTH_PATHS.contains(http.getPath()), where + " " + e.getKey() + " path " + http.getPath());
                        assertTrue(moduleDeclares(c.getName(), "quarkus-smallrye-health"),
                                where + ": probes " + http.getPath() + " but its module has no quarkus-smallrye-health");
                    } else if (p.getTcpSocket() != null) {
                        assertNotNull(containerPort(w.template().getSpec(), p.getTcpSocket().getPort()), where + " " + e.getKey() + " tcp port");
                    } else {
                        assertNotNull(p.getExec(), where + " " + e.getKey() + " has no action");
                        assertFalse(p.getExec().getCommand().isEmpty(), where + " " + e.getKey() + " exec command");
                    }
                }
                if (SERVICES.contains(c.getName())) {
                    assertEquals("/q/health/started", c.getStartupProbe().getHttpGet().getPath(), where);
                    assertEquals("/q/health/ready", c.getReadinessProbe().getHttpGet().getPath(), where);
                    assertEquals("/q/health/live", c.getLivenessProbe().getHttpGet().getPath(), where);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerHasRequestsAndLimits(String overlay) {
        for (Manifests.Workload w : Manifests.of(overlay).workloads()) {
            for (Container c : w.template().getSpec().getContainers()) {
                String where = overlay + ": " + w.id() + " container " + c.getName();
                assertNotNull(c.getResources(), where + " resources");
                for (String resource : List.of("cpu", "memory")) {
                    Quantity request = c.getResources().getRequests() == null ? null : c.getResources().getRequests().get(resource);
                    Quantity limit = c.getResources().getLimits() == null ? null : c.getResources().getLimits().get(resource);
                    assertNotNull(request, where + " requests." + resource);
                    assertNotNull(limit, where + " limits." + resource);
                    assertTrue(Quantity.getAmountInBytes(request).compareTo(Quantity.getAmountInBytes(limit)) <= 0,
                            where + ": " + resource + " request " + request + " above limit " + limit);
                }
            }
        }
    }

    /**
     * The JVM's own caps (heap, metaspace, code cache, direct memory, from JAVA_TOOL_OPTIONS, the flags
     * the local suite was measured with, and the same as local-stack's Suite gives) plus room for thread stacks and
     * native memory fit under the limit, and the request covers the measured footprint at rest.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void jvmFitsInItsMemoryLimit(String overlay) {
        Manifests m = Manifests.of(overlay);
        for (String service : SERVICES) {
            Deployment d = m.get(Deployment.class, Manifests.SUITE_NAMESPACE, service);
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            String flags = env(m, c, "JAVA_TOOL_OPTIONS");
            assertNotNull(flags, overlay + ": " + service + " has no JAVA_TOOL_OPTIONS");
            long capsMiB = flagMiB(flags, "-Xmx") + flagMiB(flags, "-XX:MaxMetaspaceSize=")
                    + flagMiB(flags, "-XX:ReservedCodeCacheSize=") + flagMiB(flags, "-XX:MaxDirectMemorySize=");
            long limitMiB = mib(c.getResources().getLimits().get("memory"));
            long requestMiB = mib(c.getResources().getRequests().get("memory"));
            assertTrue(capsMiB + 96 <= limitMiB, overlay + ": " + service + " JVM caps " + capsMiB
                    + " MiB + 96 MiB native do not fit the " + limitMiB + " MiB limit");
            assertTrue(requestMiB >= MEASURED_RSS_AT_REST_MIB + 128, overlay + ": " + service + " memory request " + requestMiB
                    + " MiB leaves too little above the measured " + MEASURED_RSS_AT_REST_MIB + " MiB at rest");
            assertTrue(flags.contains("-XX:+ExitOnOutOfMemoryError"), overlay + ": " + service + " must exit (and restart) on OOM");
            assertEquals(io.irsuite.localstack.Suite.jvmFlags(service.replace("-service", "")), List.of(flags.trim().split("\\s+")),
                    overlay + ": " + service + " runs with the JVM flags the local launcher gives it, the ones bench/README.md measured");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void podsRunNonRootWithReadOnlyRootAndWritableTmp(String overlay) {
        for (Manifests.Workload w : Manifests.of(overlay).workloads()) {
            PodSpec pod = w.template().getSpec();
            String where = overlay + ": " + w.id();
            assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), where + " runAsNonRoot");
            assertTrue(pod.getSecurityContext().getRunAsUser() != null && pod.getSecurityContext().getRunAsUser() > 0, where + " runAsUser");
            assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType(), where + " seccomp");
            for (Container c : pod.getContainers()) {
                assertEquals(Boolean.TRUE, c.getSecurityContext().getReadOnlyRootFilesystem(), where + " readOnlyRootFilesystem");
                assertEquals(Boolean.FALSE, c.getSecurityContext().getAllowPrivilegeEscalation(), where + " allowPrivilegeEscalation");
                assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop(), where + " capabilities.drop");
                String tmpVolume = c.getVolumeMounts().stream().filter(v -> "/tmp".equals(v.getMountPath()))
                        .map(v -> v.getName()).findFirst().orElseThrow(() -> new AssertionError(where + ": no writable /tmp"));
                Volume v = pod.getVolumes().stream().filter(x -> x.getName().equals(tmpVolume)).findFirst().orElseThrow();
                assertNotNull(v.getEmptyDir(), where + ": /tmp is not an emptyDir");
            }
        }
    }

    /** SIGTERM comes after the preStop sleep; Quarkus then lets in-flight requests finish within its shutdown timeout. */
    @ParameterizedTest
    @MethodSource("overlays")
    void gracefulShutdownFitsTheGracePeriod(String overlay) {
        Manifests m = Manifests.of(overlay);
        for (String service : SERVICES) {
            PodSpec pod = m.get(Deployment.class, Manifests.SUITE_NAMESPACE, service).getSpec().getTemplate().getSpec();
            Container c = pod.getContainers().get(0);
            assertNotNull(c.getLifecycle().getPreStop().getSleep(), overlay + ": " + service + " preStop sleep");
            long preStop = c.getLifecycle().getPreStop().getSleep().getSeconds();
            String timeout = env(m, c, "QUARKUS_SHUTDOWN_TIMEOUT");
            assertNotNull(timeout, overlay + ": " + service + " QUARKUS_SHUTDOWN_TIMEOUT (graceful shutdown is off without it)");
            Matcher t = Pattern.compile("(\\d+)s").matcher(timeout);
            assertTrue(t.matches(), timeout);
            long needed = preStop + Long.parseLong(t.group(1)) + 5;
            assertTrue(pod.getTerminationGracePeriodSeconds() >= needed, overlay + ": " + service + " grace period "
                    + pod.getTerminationGracePeriodSeconds() + " s < preStop " + preStop + " s + shutdown " + timeout + " + 5 s");
        }
    }

    /**
     * A PDB selects exactly one workload, and at the smallest size it runs at (HPA minimum, else
     * replicas) it allows one voluntary eviction and, from two replicas, keeps one pod serving.
     * The HPA targets an existing Deployment whose replicas lie within its bounds.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void disruptionBudgetsAndAutoscalersAgreeWithReplicas(String overlay) {
        Manifests m = Manifests.of(overlay);
        for (HorizontalPodAutoscaler h : m.all(HorizontalPodAutoscaler.class)) {
            var ref = h.getSpec().getScaleTargetRef();
            assertEquals("apps/v1", ref.getApiVersion(), overlay + ": HPA " + h.getMetadata().getName());
            assertEquals("Deployment", ref.getKind(), overlay + ": HPA " + h.getMetadata().getName());
            Deployment d = m.find(Deployment.class, h.getMetadata().getNamespace(), ref.getName())
                    .orElseThrow(() -> new AssertionError(overlay + ": HPA " + h.getMetadata().getName() + " targets missing " + ref.getName()));
            int min = h.getSpec().getMinReplicas();
            int replicas = d.getSpec().getReplicas();
            assertTrue(min >= 1 && min <= h.getSpec().getMaxReplicas(), overlay + ": HPA bounds");
            assertTrue(replicas >= min && replicas <= h.getSpec().getMaxReplicas(),
                    overlay + ": " + ref.getName() + " replicas " + replicas + " outside its HPA's " + min + ".." + h.getSpec().getMaxReplicas());
            for (var metric : h.getSpec().getMetrics()) {
                if (metric.getResource() != null) {
                    String resource = metric.getResource().getName();
                    assertTrue(d.getSpec().getTemplate().getSpec().getContainers().stream()
                                    .allMatch(c -> c.getResources().getRequests().containsKey(resource)),
                            overlay + ": HPA on " + resource + " utilisation needs a " + resource + " request on every container");
                }
            }
        }
        for (PodDisruptionBudget pdb : m.all(PodDisruptionBudget.class)) {
            String where = overlay + ": PDB " + pdb.getMetadata().getName();
            List<Manifests.Workload> selected = m.workloads().stream()
                    .filter(w -> Objects.equals(w.namespace(), pdb.getMetadata().getNamespace()))
                    .filter(w -> Manifests.selects(pdb.getSpec().getSelector().getMatchLabels(), w.template().getMetadata().getLabels()))
                    .toList();
            assertEquals(1, selected.size(), where + " must select one workload");
            Manifests.Workload w = selected.get(0);
            int smallest = m.all(HorizontalPodAutoscaler.class).stream()
                    .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(w.name()))
                    .map(h -> h.getSpec().getMinReplicas()).findFirst().orElse(w.replicas());
            smallest = Math.min(smallest, w.replicas());
            IntOrString minAvailable = pdb.getSpec().getMinAvailable();
            IntOrString maxUnavailable = pdb.getSpec().getMaxUnavailable();
            assertTrue(minAvailable == null ^ maxUnavailable == null, where + ": exactly one of minAvailable, maxUnavailable");
            int evictable = minAvailable != null ? smallest - absolute(minAvailable, smallest) : absolute(maxUnavailable, smallest);
            assertTrue(evictable >= 1, where + ": at " + smallest + " replica(s) no pod may ever be evicted (drains would hang)");
            if (smallest >= 2) {
                assertTrue(smallest - evictable >= 1, where + ": at " + smallest + " replicas every pod may be evicted at once");
            }
        }
        if (overlay.startsWith("prod")) {
            for (String service : SERVICES) {
                assertTrue(m.get(HorizontalPodAutoscaler.class, Manifests.SUITE_NAMESPACE, service).getSpec().getMinReplicas() >= 2,
                        overlay + ": " + service + " runs at least two replicas in prod");
                assertTrue(m.get(Deployment.class, Manifests.SUITE_NAMESPACE, service).getSpec().getReplicas() >= 2, overlay + ": " + service);
            }
        }
    }

    /** ConfigMap references resolve; Secret references (created by the operator) are documented in deploy/README.md with their keys. */
    @ParameterizedTest
    @MethodSource("overlays")
    void configReferencesResolveAndSecretsAreDocumented(String overlay) throws IOException {
        Manifests m = Manifests.of(overlay);
        String readme = Files.readString(Manifests.repoRoot().resolve("deploy/README.md"));
        Set<String> secrets = new TreeSet<>();
        for (Manifests.Workload w : m.workloads()) {
            PodSpec pod = w.template().getSpec();
            for (Container c : pod.getContainers()) {
                for (EnvFromSource from : nullSafe(c.getEnvFrom())) {
                    if (from.getConfigMapRef() != null) {
                        m.get(ConfigMap.class, w.namespace(), from.getConfigMapRef().getName());
                    }
                    if (from.getSecretRef() != null) {
                        secrets.add(from.getSecretRef().getName());
                    }
                }
                for (EnvVar e : nullSafe(c.getEnv())) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        String name = e.getValueFrom().getSecretKeyRef().getName();
                        String key = e.getValueFrom().getSecretKeyRef().getKey();
                        secrets.add(name);
                        assertTrue(documents(readme, name, key), overlay + ": Secret key " + name + "/" + key
                                + " (" + w.id() + ") is not documented in deploy/README.md");
                    }
                    if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                        m.get(ConfigMap.class, w.namespace(), e.getValueFrom().getConfigMapKeyRef().getName());
                    }
                }
            }
            for (Volume v : nullSafe(pod.getVolumes())) {
                if (v.getConfigMap() != null) {
                    m.get(ConfigMap.class, w.namespace(), v.getConfigMap().getName());
                }
                assertTrue(v.getSecret() == null, overlay + ": " + w.id() + " mounts a Secret volume (use env from Secrets)");
            }
        }
        for (Ingress i : m.all(Ingress.class)) {
            nullSafe(i.getSpec().getTls()).forEach(t -> secrets.add(t.getSecretName()));
        }
        for (Gateway g : m.all(Gateway.class)) {
            g.getSpec().getListeners().stream().filter(l -> l.getTls() != null)
                    .forEach(l -> l.getTls().getCertificateRefs().forEach(r -> secrets.add(r.getName())));
        }
        for (CnpgCluster c : m.all(CnpgCluster.class)) {
            secrets.add(c.getSpec().bootstrap().initdb().secret().name());
            c.getSpec().managed().roles().forEach(r -> secrets.add(r.passwordSecret().name()));
        }
        for (String s : secrets) {
            assertTrue(readme.contains("`" + s + "`"), overlay + ": Secret " + s + " is referenced but not documented in deploy/README.md");
        }
        for (String service : SERVICES) {
            assertTrue(secrets.contains(service + "-db"), overlay + ": " + service + " reads its database settings from Secret " + service + "-db");
        }
        for (String key : List.of("IR_ADMIN_TOKEN", "IR_API_TOKENS", "AMQP_HOST", "AMQP_PORT", "AMQP_USERNAME", "AMQP_PASSWORD",
                "QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")) {
            assertTrue(readme.contains("`" + key + "`"), "deploy/README.md does not document the Secret key " + key);
        }
    }

    /** OpenID Connect is the operator's choice: every service reads Secret ir-suite-oidc (comms also its console's) if present. */
    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceReadsTheOptionalOidcSecrets(String overlay) {
        Manifests m = Manifests.of(overlay);
        for (Manifests.Workload w : m.workloads()) {
            String name = w.template().getMetadata().getLabels().get("app.kubernetes.io/name");
            if (!SERVICES.contains(name)) {
                continue;
            }
            Map<String, Boolean> optional = new HashMap<>();
            for (Container c : w.template().getSpec().getContainers()) {
                nullSafe(c.getEnvFrom()).stream().filter(f -> f.getSecretRef() != null).forEach(f -> optional.put(
                        f.getSecretRef().getName(), Boolean.TRUE.equals(f.getSecretRef().getOptional())));
            }
            assertEquals(Boolean.TRUE, optional.get("ir-suite-oidc"), overlay + ": " + w.id() + " reads optional Secret ir-suite-oidc");
            assertEquals(name.equals("comms-service") ? Boolean.TRUE : null, optional.get("comms-service-oidc-console"),
                    overlay + ": " + w.id() + " and Secret comms-service-oidc-console (comms only, optional)");
        }
    }

    /** Only remediation calls the Kubernetes API: every other pod runs without a ServiceAccount token. */
    @ParameterizedTest
    @MethodSource("overlays")
    void onlyRemediationMountsAServiceAccountToken(String overlay) {
        Manifests m = Manifests.of(overlay);
        for (Manifests.Workload w : m.workloads()) {
            PodSpec pod = w.template().getSpec();
            String sa = pod.getServiceAccountName();
            assertNotNull(sa, overlay + ": " + w.id() + " runs as the default ServiceAccount");
            ServiceAccount account = m.get(ServiceAccount.class, w.namespace(), sa);
            boolean remediation = w.name().equals("remediation-service");
            assertEquals(remediation, Boolean.TRUE.equals(pod.getAutomountServiceAccountToken()), overlay + ": " + w.id() + " automount");
            assertEquals(remediation, Boolean.TRUE.equals(account.getAutomountServiceAccountToken()), overlay + ": ServiceAccount " + sa + " automount");
        }
    }

    // ---- helpers

    static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Probe nonNull(Probe p, String what) {
        if (p == null) {
            fail(what + " is missing");
        }
        return p;
    }

    /** The container port a probe or Service port names (by name or number), or null. */
    static ContainerPort containerPort(PodSpec pod, IntOrString port) {
        for (Container c : pod.getContainers()) {
            for (ContainerPort p : nullSafe(c.getPorts())) {
                if (port.getStrVal() != null ? port.getStrVal().equals(p.getName()) : Objects.equals(port.getIntVal(), p.getContainerPort())) {
                    return p;
                }
            }
        }
        return null;
    }

    /** The value a container sees for {@code name}: its env, else the ConfigMaps of its envFrom (last wins). */
    static String env(Manifests m, Container c, String name) {
        for (EnvVar e : nullSafe(c.getEnv())) {
            if (e.getName().equals(name) && e.getValue() != null) {
                return e.getValue();
            }
        }
        String value = null;
        for (EnvFromSource from : nullSafe(c.getEnvFrom())) {
            if (from.getConfigMapRef() != null) {
                ConfigMap cm = m.get(ConfigMap.class, Manifests.SUITE_NAMESPACE, from.getConfigMapRef().getName());
                if (cm.getData() != null && cm.getData().containsKey(name)) {
                    value = cm.getData().get(name);
                }
            }
        }
        return value;
    }

    private static long flagMiB(String flags, String prefix) {
        Matcher mm = Pattern.compile("(?:^|\\s)" + Pattern.quote(prefix) + "(\\d+)([kKmMgG])(?:\\s|$)").matcher(flags);
        assertTrue(mm.find(), "JAVA_TOOL_OPTIONS has no " + prefix + ": " + flags);
        long n = Long.parseLong(mm.group(1));
        return switch (Character.toLowerCase(mm.group(2).charAt(0))) {
            case 'k' -> Math.max(1, n / 1024);
            case 'm' -> n;
            default -> n * 1024;
        };
    }

    private static long mib(Quantity q) {
        return Quantity.getAmountInBytes(q).divide(BigDecimal.valueOf(1024L * 1024)).longValue();
    }

    /** An int, or a percentage of {@code replicas} rounded up (as the disruption controller does for both fields). */
    private static int absolute(IntOrString v, int replicas) {
        if (v.getIntVal() != null) {
            return v.getIntVal();
        }
        return (int) Math.ceil(Double.parseDouble(v.getStrVal().replace("%", "")) / 100.0 * replicas);
    }

    private static boolean documents(String readme, String secret, String key) {
        return readme.contains("`" + secret + "`") && readme.contains("`" + key + "`");
    }

    private static boolean moduleDeclares(String module, String artifactId) throws IOException {
        Path pom = Manifests.repoRoot().resolve(module).resolve("pom.xml");
        return Files.isRegularFile(pom) && Files.readString(pom).contains("<artifactId>" + artifactId + "</artifactId>");
    }
}
