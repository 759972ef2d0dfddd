package io.irsuite.deploy;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RBAC grants remediation's ServiceAccount exactly what its kubernetes steps call, in exactly the
 * namespaces it may act in, and nothing to anyone else.
 */
class RbacTest {

    /**
     * What the step code calls, written out from remediation-service's {@code kubernetes/KubernetesSteps}
     * (group/resource verb); {@link #theTableMatchesTheStepCode()} derives the same from the source.
     */
    static final Set<String> NEEDED = Set.of(
            "apps/deployments get",      // deployment(): every operation, and the rollout wait
            "apps/deployments patch",    // edit(): fabric8 reads, then sends a JSON patch
            "apps/replicasets list",     // rollback: the Deployment's revision history
            "/pods get",                 // delete-pod with a named pod
            "/pods list",                // delete-pod: the oldest pod of the selector
            "/pods delete");             // delete-pod

    /** A fabric8 DSL entry point → its API group and resource. */
    private static final Map<String, String> RESOURCES = Map.of(
            "deployments", "apps/deployments", "replicaSets", "apps/replicasets", "statefulSets", "apps/statefulsets",
            "daemonSets", "apps/daemonsets", "pods", "/pods", "services", "/services", "configMaps", "/configmaps",
            "secrets", "/secrets", "events", "/events", "namespaces", "/namespaces");

    /** A fabric8 terminal operation → the API verbs it sends. */
    private static final Map<String, List<String>> VERBS = Map.ofEntries(
            Map.entry("get", List.of("get")), Map.entry("list", List.of("list")),
            Map.entry("edit", List.of("get", "patch")), Map.entry("patch", List.of("patch")),
            Map.entry("delete", List.of("delete")), Map.entry("update", List.of("update")),
            Map.entry("replace", List.of("update")), Map.entry("create", List.of("create")),
            Map.entry("createOrReplace", List.of("create", "update")), Map.entry("serverSideApply", List.of("patch")),
            Map.entry("watch", List.of("watch")), Map.entry("inform", List.of("list", "watch")),
            Map.entry("scale", List.of("get", "patch")), Map.entry("rolling", List.of("get", "patch", "update")));

    private static final String ARGS = "\\((?:[^()]|\\([^()]*\\))*\\)";
    private static final Pattern CALL = Pattern.compile("client\\s*\\.\\s*(?:apps\\(\\)\\s*\\.\\s*)?(\\w+)\\(\\)"
            + "((?:\\s*\\.\\s*(?:inNamespace|withName|withLabels|withLabel|withLabelSelector|withField|withFields|inAnyNamespace)" + ARGS + ")*)"
            + "\\s*\\.\\s*(\\w+)\\(");

    static List<String> overlays() {
        return Manifests.overlays();
    }

    /** The API calls in remediation-service's main sources, as group/resource verb. */
    static Set<String> derivedFromStepCode() throws IOException {
        Path src = Manifests.repoRoot().resolve("remediation-service/src/main/java");
        Set<String> out = new TreeSet<>();
        List<String> unknown = new ArrayList<>();
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = Files.readString(f);
                Matcher m = CALL.matcher(code);
                while (m.find()) {
                    String resource = RESOURCES.get(m.group(1));
                    List<String> verbs = VERBS.get(m.group(3));
                    if (resource == null || verbs == null) {
                        unknown.add(f.getFileName() + ": client." + m.group(1) + "()..." + m.group(3) + "(");
                        continue;
                    }
                    verbs.forEach(v -> out.add(resource + " " + v));
                }
            }
        }
        assertEquals(List.of(), unknown, "Kubernetes calls this test cannot map to RBAC verbs yet: add them to RESOURCES/VERBS");
        return out;
    }

    @Test
    void theTableMatchesTheStepCode() throws IOException {
        Set<String> derived = derivedFromStepCode();
        assertFalse(derived.isEmpty(), "no Kubernetes call found in remediation-service: the scan is broken");
        assertEquals(new TreeSet<>(NEEDED), derived, "remediation's kubernetes steps changed: update NEEDED and deploy/remediation-rbac/role.yaml");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void rolesGrantExactlyWhatTheStepsCallInTheAllowedNamespaces(String overlay) {
        Manifests m = Manifests.of(overlay);
        assertEquals(List.of(), m.all(ClusterRole.class), overlay + ": no ClusterRole");
        assertEquals(List.of(), m.all(ClusterRoleBinding.class), overlay + ": no ClusterRoleBinding");

        Set<String> roleNamespaces = new TreeSet<>();
        for (Role role : m.all(Role.class)) {
            String where = overlay + ": Role " + role.getMetadata().getNamespace() + "/" + role.getMetadata().getName();
            assertEquals(new TreeSet<>(NEEDED), grants(role.getRules(), where), where);
            roleNamespaces.add(role.getMetadata().getNamespace());
        }
        for (RoleBinding b : m.all(RoleBinding.class)) {
            String where = overlay + ": RoleBinding " + b.getMetadata().getNamespace() + "/" + b.getMetadata().getName();
            assertEquals("Role", b.getRoleRef().getKind(), where);
            m.get(Role.class, b.getMetadata().getNamespace(), b.getRoleRef().getName());
            assertEquals(1, b.getSubjects().size(), where);
            Subject s = b.getSubjects().get(0);
            assertEquals(List.of("ServiceAccount", "remediation-service", Manifests.SUITE_NAMESPACE),
                    List.of(s.getKind(), s.getName(), s.getNamespace()), where + " binds someone else");
        }
        assertEquals(roleNamespaces, m.all(RoleBinding.class).stream().map(b -> b.getMetadata().getNamespace())
                .collect(Collectors.toCollection(TreeSet::new)), overlay + ": a Role without its binding or the reverse");

        Deployment remediation = m.get(Deployment.class, Manifests.SUITE_NAMESPACE, "remediation-service");
        String allowed = remediation.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("IR_REMEDIATION_KUBERNETES_ALLOWED_NAMESPACES")).map(EnvVar::getValue)
                .findFirst().orElse("");
        Set<String> allowedNamespaces = Arrays.stream(allowed.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(allowedNamespaces, roleNamespaces, overlay + ": one Role per namespace in IR_REMEDIATION_KUBERNETES_ALLOWED_NAMESPACES");
        assertFalse(roleNamespaces.contains(Manifests.SUITE_NAMESPACE), overlay + ": remediation may not act on the suite itself");
        assertFalse(roleNamespaces.contains("kube-system"), overlay + ": nor on kube-system");
    }

    /** The rules as group/resource verb triples; wildcards, resource names and non-resource URLs are refused. */
    static Set<String> grants(List<PolicyRule> rules, String where) {
        Set<String> out = new TreeSet<>();
        for (PolicyRule r : rules) {
            assertTrue(r.getNonResourceURLs() == null || r.getNonResourceURLs().isEmpty(), where + ": nonResourceURLs");
            assertNotNull(r.getApiGroups(), where);
            for (String g : r.getApiGroups()) {
                for (String res : r.getResources()) {
                    for (String v : r.getVerbs()) {
                        assertFalse(g.contains("*") || res.contains("*") || v.contains("*"), where + ": wildcard in " + r);
                        out.add(g + "/" + res + " " + v);
                    }
                }
            }
        }
        return out;
    }
}
