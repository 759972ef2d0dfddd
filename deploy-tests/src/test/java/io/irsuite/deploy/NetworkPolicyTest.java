package io.irsuite.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network policies allow exactly the flows deploy/README.md lists (DNS, database, broker,
 * ingress controller, Prometheus, the console's calls from comms to the owning services, and each
 * service's documented egress), computed per pod as the union of every policy that selects it, and
 * nothing else.
 */
class NetworkPolicyTest {

    static final String DNS_UDP = "ns{kubernetes.io/metadata.name=kube-system} pod{k8s-app=kube-dns} 53/UDP";
    static final String DNS_TCP = "ns{kubernetes.io/metadata.name=kube-system} pod{k8s-app=kube-dns} 53/TCP";
    static final String OPEN = "cidr 0.0.0.0/0 except [169.254.0.0/16] ";
    static final String SERVICES = "pod{app.kubernetes.io/component=service} ";
    /** The OpenID Connect provider's placeholder address, which every service may reach on HTTPS. */
    static final String OIDC_PROVIDER = "cidr 203.0.113.20/32 443/TCP";

    static List<String> overlays() {
        return Manifests.overlays();
    }

    /** Where the four services' database and broker are, per overlay. */
    static Set<String> backends(String overlay) {
        return switch (overlay) {
            case "dev" -> Set.of("pod{app.kubernetes.io/name=postgres} 5432/TCP", "pod{app.kubernetes.io/name=artemis} 5672/TCP");
            case "prod", "prod-gateway" -> Set.of("cidr 192.0.2.10/32 5432/TCP", "cidr 198.51.100.10/32 5671/TCP", "cidr 198.51.100.10/32 5672/TCP");
            case "prod-cnpg" -> Set.of("pod{cnpg.io/cluster=ir-db} 5432/TCP", "cidr 198.51.100.10/32 5671/TCP", "cidr 198.51.100.10/32 5672/TCP");
            default -> throw new AssertionError("add the expected network flows of overlay " + overlay + " to NetworkPolicyTest");
        };
    }

    static String ingressController(String overlay) {
        return overlay.equals("prod-gateway") ? "envoy-gateway-system" : "ingress-nginx";
    }

    /** The documented egress of each service beyond DNS, database and broker. */
    /** The console's owners' HTTP ports (their container port {@code http}). */
    static final Map<String, Integer> HTTP_PORTS = Map.of("detection-service", 8081, "triage-service", 8082,
            "remediation-service", 8083);

    static final Map<String, Set<String>> OWN_EGRESS = Map.of(
            "detection-service", Set.of(OPEN + "80/TCP", OPEN + "443/TCP"),
            "triage-service", Set.of(),
            "remediation-service", Set.of(OPEN + "443/TCP", OPEN + "6443/TCP", OPEN + "80/TCP", OPEN + "8080/TCP", OPEN + "9090/TCP"),
            "comms-service", Set.of(OPEN + "80/TCP", OPEN + "443/TCP", OPEN + "25/TCP", OPEN + "465/TCP", OPEN + "587/TCP"));

    /**
     * The services the responder console (comms) calls with the signed-in person's token, each on its HTTP port:
     * comms' {@code IR_CONSOLE_*_URL} names the Service.
     */
    static final Map<String, String> CONSOLE_OWNERS = Map.of(
            "IR_CONSOLE_DETECTION_URL", "detection-service",
            "IR_CONSOLE_TRIAGE_URL", "triage-service",
            "IR_CONSOLE_REMEDIATION_URL", "remediation-service");
    static final String FROM_COMMS = "pod{app.kubernetes.io/name=comms-service} http/TCP";

    /** Expected ingress and egress per pod (by its app.kubernetes.io/name or cnpg cluster). */
    static Map<String, Flows> expected(String overlay) {
        Map<String, Flows> out = new TreeMap<>();
        for (String service : ManifestsTest.SERVICES) {
            Set<String> egress = new TreeSet<>(Set.of(DNS_UDP, DNS_TCP));
            egress.addAll(backends(overlay));
            egress.addAll(OWN_EGRESS.get(service));
            egress.add(OIDC_PROVIDER);
            Set<String> ingress = new TreeSet<>(Set.of("ns{kubernetes.io/metadata.name=" + ingressController(overlay) + "} http/TCP",
                    "ns{kubernetes.io/metadata.name=monitoring} http/TCP"));
            if (service.equals("comms-service")) {
                CONSOLE_OWNERS.values().forEach(owner -> egress.add("pod{app.kubernetes.io/name=" + owner + "} " + HTTP_PORTS.get(owner) + "/TCP"));
            }
            if (CONSOLE_OWNERS.containsValue(service)) {
                ingress.add(FROM_COMMS);
            }
            out.put(service, new Flows(ingress, egress));
        }
        if (overlay.equals("dev")) {
            out.put("artemis", new Flows(Set.of(SERVICES + "amqp/TCP"), Set.of(DNS_UDP, DNS_TCP)));
            out.put("postgres", new Flows(Set.of(SERVICES + "postgres/TCP"), Set.of(DNS_UDP, DNS_TCP)));
        }
        if (overlay.equals("prod-cnpg")) {
            String self = "pod{cnpg.io/cluster=ir-db} ";
            String operator = "ns{kubernetes.io/metadata.name=cnpg-system} ";
            out.put("cnpg:ir-db", new Flows(
                    Set.of(SERVICES + "5432/TCP", self + "5432/TCP", self + "8000/TCP", operator + "5432/TCP", operator + "8000/TCP"),
                    Set.of(DNS_UDP, DNS_TCP, self + "5432/TCP", self + "8000/TCP", OPEN + "443/TCP", OPEN + "6443/TCP")));
        }
        return out;
    }

    record Flows(Set<String> ingress, Set<String> egress) {
        Flows {
            ingress = new TreeSet<>(ingress);
            egress = new TreeSet<>(egress);
        }
    }

    /** A pod of the namespace: its key in {@link #expected}, its labels and its named ports. */
    record Pod(String key, Map<String, String> labels, Set<String> portNames) {
    }

    static List<Pod> pods(Manifests m) {
        List<Pod> pods = new ArrayList<>();
        for (Manifests.Workload w : m.workloads()) {
            Set<String> ports = w.template().getSpec().getContainers().stream()
                    .flatMap(c -> ManifestsTest.nullSafe(c.getPorts()).stream()).map(ContainerPort::getName)
                    .filter(n -> n != null).collect(Collectors.toSet());
            pods.add(new Pod(w.template().getMetadata().getLabels().get("app.kubernetes.io/name"), w.template().getMetadata().getLabels(), ports));
        }
        for (CnpgCluster c : m.all(CnpgCluster.class)) {
            // the operator labels its instance pods cnpg.io/cluster=<name>; PostgreSQL listens on 5432, the instance manager on 8000
            pods.add(new Pod("cnpg:" + c.getMetadata().getName(), Map.of("cnpg.io/cluster", c.getMetadata().getName()), Set.of()));
        }
        return pods;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void policiesAllowExactlyTheDocumentedFlows(String overlay) {
        Map<String, Flows> actual = actual(overlay);
        Map<String, Flows> expected = expected(overlay);
        assertEquals(expected.keySet(), actual.keySet(), overlay + ": pods");
        for (String pod : expected.keySet()) {
            assertEquals(expected.get(pod).ingress(), actual.get(pod).ingress(), overlay + ": ingress of " + pod);
            assertEquals(expected.get(pod).egress(), actual.get(pod).egress(), overlay + ": egress of " + pod);
        }
    }

    /**
     * Behind the Ingress the console's actions reach their owners in the cluster: each of comms' {@code IR_CONSOLE_*_URL}
     * is plain HTTP to the owner's Service (by its name, in the namespace) on a port of that Service, whose pods are
     * the owner's, and the policies let comms out to that pod port and the owner let comms in on it.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void theConsolesActionsReachTheirOwnersThroughTheirServices(String overlay) {
        Manifests m = Manifests.of(overlay);
        Container comms = m.get(Deployment.class, Manifests.SUITE_NAMESPACE, "comms-service").getSpec().getTemplate()
                .getSpec().getContainers().get(0);
        Map<String, Flows> flows = actual(overlay);
        for (Map.Entry<String, String> entry : CONSOLE_OWNERS.entrySet()) {
            String owner = entry.getValue();
            String where = overlay + ": comms' " + entry.getKey();
            String value = ManifestsTest.env(m, comms, entry.getKey());
            assertNotNull(value, where + " is not set");
            URI url = URI.create(value);
            assertEquals("http", url.getScheme(), where + " " + value);
            assertTrue(url.getPath() == null || url.getPath().isEmpty() || url.getPath().equals("/"), where + " has a path: " + value);
            String serviceName = url.getHost().replaceFirst("\\." + Manifests.SUITE_NAMESPACE + "(\\.svc(\\.cluster\\.local)?)?$", "");
            assertFalse(serviceName.contains("."), where + " is no Service of namespace " + Manifests.SUITE_NAMESPACE + ": " + value);
            Service service = m.get(Service.class, Manifests.SUITE_NAMESPACE, serviceName);
            ServicePort port = service.getSpec().getPorts().stream().filter(p -> p.getPort() == url.getPort()).findFirst()
                    .orElseThrow(() -> new AssertionError(where + ": Service " + serviceName + " has no port " + url.getPort()));
            Manifests.Workload pods = m.workloads().stream()
                    .filter(w -> Manifests.SUITE_NAMESPACE.equals(w.namespace()))
                    .filter(w -> Manifests.selects(service.getSpec().getSelector(), w.template().getMetadata().getLabels()))
                    .findFirst().orElseThrow(() -> new AssertionError(where + ": Service " + serviceName + " selects no pods"));
            assertEquals(owner, pods.name(), where + " reaches " + pods.id() + ", not " + owner);
            ContainerPort target = ManifestsTest.containerPort(pods.template().getSpec(), port.getTargetPort());
            assertNotNull(target, where + ": Service " + serviceName + " targets no port of " + owner);
            assertEquals("http", target.getName(), where + ": not " + owner + "'s HTTP port");
            assertTrue(flows.get("comms-service").egress().contains("pod{app.kubernetes.io/name=" + owner + "} "
                    + target.getContainerPort() + "/TCP"), where + ": no policy lets comms out to " + owner + ":" + target.getContainerPort());
            assertTrue(flows.get(owner).ingress().contains(FROM_COMMS), where + ": no policy lets comms into " + owner);
        }
    }

    /** Per pod of the overlay, the union of the ingress and egress of every policy that selects it. */
    static Map<String, Flows> actual(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<NetworkPolicy> policies = m.all(NetworkPolicy.class);
        Map<String, Flows> actual = new TreeMap<>();
        for (Pod pod : pods(m)) {
            Set<String> ingress = new TreeSet<>();
            Set<String> egress = new TreeSet<>();
            boolean ingressIsolated = false;
            boolean egressIsolated = false;
            for (NetworkPolicy p : policies) {
                if (!Manifests.SUITE_NAMESPACE.equals(p.getMetadata().getNamespace()) || !selects(p.getSpec().getPodSelector(), pod.labels())) {
                    continue;
                }
                List<String> types = p.getSpec().getPolicyTypes();
                assertFalse(types == null || types.isEmpty(), overlay + ": NetworkPolicy " + p.getMetadata().getName() + " names no policyTypes");
                ingressIsolated |= types.contains("Ingress");
                egressIsolated |= types.contains("Egress");
                for (var rule : ManifestsTest.nullSafe(p.getSpec().getIngress())) {
                    ingress.addAll(flows(rule.getFrom(), rule.getPorts(), pod, p, overlay, true));
                }
                for (var rule : ManifestsTest.nullSafe(p.getSpec().getEgress())) {
                    egress.addAll(flows(rule.getTo(), rule.getPorts(), pod, p, overlay, false));
                }
            }
            assertTrue(ingressIsolated && egressIsolated, overlay + ": pod " + pod.key() + " is not isolated both ways (default-deny?)");
            actual.put(pod.key(), new Flows(ingress, egress));
        }
        return actual;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theNamespaceDeniesByDefault(String overlay) {
        NetworkPolicy deny = Manifests.of(overlay).get(NetworkPolicy.class, Manifests.SUITE_NAMESPACE, "default-deny");
        assertTrue(deny.getSpec().getPodSelector().getMatchLabels() == null || deny.getSpec().getPodSelector().getMatchLabels().isEmpty());
        assertEquals(List.of("Ingress", "Egress"), deny.getSpec().getPolicyTypes());
        assertTrue(ManifestsTest.nullSafe(deny.getSpec().getIngress()).isEmpty() && ManifestsTest.nullSafe(deny.getSpec().getEgress()).isEmpty());
    }

    /**
     * Every peer × port of one rule, as text; a rule without peers or ports would allow everything and
     * is refused. A named port of an ingress rule must be a port of the selected pod; egress rules use
     * numbers (the destination's port names are not known here).
     */
    private static List<String> flows(List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports, Pod pod, NetworkPolicy p,
                                      String overlay, boolean ingress) {
        String where = overlay + ": NetworkPolicy " + p.getMetadata().getName();
        assertFalse(peers == null || peers.isEmpty(), where + " has a rule open to every peer");
        assertFalse(ports == null || ports.isEmpty(), where + " has a rule open on every port");
        List<String> out = new ArrayList<>();
        for (NetworkPolicyPeer peer : peers) {
            for (NetworkPolicyPort port : ports) {
                String name = port.getPort().getStrVal();
                if (name != null) {
                    assertTrue(ingress, where + ": named port " + name + " in an egress rule");
                    assertTrue(pod.portNames().contains(name), where + ": port " + name + " is no port of " + pod.key());
                }
                String portText = name != null ? name : String.valueOf(port.getPort().getIntVal());
                out.add(peer(peer) + " " + portText + "/" + (port.getProtocol() == null ? "TCP" : port.getProtocol()));
            }
        }
        return out;
    }

    private static String peer(NetworkPolicyPeer peer) {
        List<String> parts = new ArrayList<>();
        if (peer.getNamespaceSelector() != null) {
            parts.add("ns" + labels(peer.getNamespaceSelector()));
        }
        if (peer.getPodSelector() != null) {
            parts.add("pod" + labels(peer.getPodSelector()));
        }
        IPBlock block = peer.getIpBlock();
        if (block != null) {
            parts.add("cidr " + block.getCidr() + (block.getExcept() == null || block.getExcept().isEmpty() ? "" : " except " + block.getExcept()));
        }
        return String.join(" ", parts);
    }

    private static String labels(LabelSelector s) {
        assertTrue(s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty(), "matchExpressions are not modelled here");
        Map<String, String> sorted = new TreeMap<>(s.getMatchLabels() == null ? Map.of() : s.getMatchLabels());
        return sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",", "{", "}"));
    }

    /** A policy's podSelector: its matchLabels and its {@code In} expressions (no other operator is used here). */
    private static boolean selects(LabelSelector s, Map<String, String> labels) {
        Map<String, String> match = s.getMatchLabels() == null ? Map.of() : s.getMatchLabels();
        for (LabelSelectorRequirement r : ManifestsTest.nullSafe(s.getMatchExpressions())) {
            assertEquals("In", r.getOperator(), "only In expressions are modelled here");
            if (!r.getValues().contains(labels.get(r.getKey()))) {
                return false;
            }
        }
        return labels.entrySet().containsAll(match.entrySet());
    }
}
