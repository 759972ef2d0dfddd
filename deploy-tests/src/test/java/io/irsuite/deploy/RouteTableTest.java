package io.irsuite.deploy;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Ingress and the HTTPRoute send every path of the contract (and every path the services'
 * resources declare) to the service that owns it, evaluated the way the controllers evaluate them.
 */
class RouteTableTest {

    static final String ID = "7d9c0a4e-3b1f-4c2a-9e8d-5f6a7b8c9d0e";

    /** One row per path of ../shared/design/contract.md: method, path as written, owner, a concrete URL. */
    record Row(String method, String path, String service, String url) {
        @Override
        public String toString() {
            return method + " " + url;
        }
    }

    static final List<Row> CONTRACT = List.of(
            // detection-service (:8081)
            new Row("POST", "/api/v1/alerts", "detection-service", "/api/v1/alerts"),
            new Row("POST", "/api/v1/alerts/alertmanager", "detection-service", "/api/v1/alerts/alertmanager"),
            new Row("POST", "/v2/enqueue", "detection-service", "/v2/enqueue"),
            new Row("POST", "/api/v1/events", "detection-service", "/api/v1/events"),
            new Row("POST", "/api/v1/silences", "detection-service", "/api/v1/silences"),
            new Row("GET", "/api/v1/silences?state=", "detection-service", "/api/v1/silences?state=active"),
            new Row("DELETE", "/api/v1/silences/{id}", "detection-service", "/api/v1/silences/" + ID),
            new Row("PUT", "/api/v1/inhibit-rules/{name}", "detection-service", "/api/v1/inhibit-rules/db-down-mutes-checkout"),
            new Row("PUT", "/api/v1/heartbeats/{name}", "detection-service", "/api/v1/heartbeats/nightly-backup"),
            new Row("POST", "/api/v1/heartbeats/{name}/ping", "detection-service", "/api/v1/heartbeats/nightly-backup/ping"),
            new Row("PUT", "/api/v1/checks/{name}", "detection-service", "/api/v1/checks/checkout-home"),
            new Row("GET", "/api/v1/checks/{name}", "detection-service", "/api/v1/checks/checkout-home"),
            new Row("POST", "/api/v1/signals", "detection-service", "/api/v1/signals"),
            new Row("GET", "/api/v1/incidents?status=&severity=&service=", "detection-service", "/api/v1/incidents?status=OPEN&severity=SEV1&service=checkout"),
            new Row("GET", "/api/v1/incidents/{id}", "detection-service", "/api/v1/incidents/" + ID),
            new Row("POST", "/api/v1/incidents/{id}/acknowledge", "detection-service", "/api/v1/incidents/" + ID + "/acknowledge"),
            new Row("POST", "/api/v1/incidents/{id}/resolve", "detection-service", "/api/v1/incidents/" + ID + "/resolve"),
            // triage-service (:8082)
            new Row("PUT", "/api/v1/catalog/services/{name}", "triage-service", "/api/v1/catalog/services/payments-db"),
            new Row("POST", "/api/v1/changes", "triage-service", "/api/v1/changes"),
            new Row("GET", "/api/v1/incidents/{id}/triage", "triage-service", "/api/v1/incidents/" + ID + "/triage"),
            // remediation-service (:8083)
            new Row("PUT", "/api/v1/runbooks/{id}", "remediation-service", "/api/v1/runbooks/rollback-deploy"),
            new Row("GET", "/api/v1/executions?incidentId=", "remediation-service", "/api/v1/executions?incidentId=" + ID),
            new Row("GET", "/api/v1/executions/{id}", "remediation-service", "/api/v1/executions/" + ID),
            new Row("POST", "/api/v1/executions/{id}/approve", "remediation-service", "/api/v1/executions/" + ID + "/approve"),
            new Row("POST", "/api/v1/executions/{id}/reject", "remediation-service", "/api/v1/executions/" + ID + "/reject"),
            // comms-service (:8084)
            new Row("PUT", "/api/v1/channels/{name}", "comms-service", "/api/v1/channels/sre-slack"),
            new Row("GET", "/api/v1/incidents/{id}/timeline", "comms-service", "/api/v1/incidents/" + ID + "/timeline"),
            new Row("GET", "/api/v1/incidents/{id}/postmortem", "comms-service", "/api/v1/incidents/" + ID + "/postmortem"),
            new Row("GET", "/api/v1/status", "comms-service", "/api/v1/status"),
            new Row("GET", "/status", "comms-service", "/status"),
            new Row("GET", "/api/v1/metrics/incidents?from=&to=", "comms-service", "/api/v1/metrics/incidents?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z"),
            new Row("PUT", "/api/v1/users/{name}", "comms-service", "/api/v1/users/alice"),
            new Row("PUT", "/api/v1/schedules/{name}", "comms-service", "/api/v1/schedules/sre-primary"),
            new Row("GET", "/api/v1/schedules/{name}/oncall?at=", "comms-service", "/api/v1/schedules/sre-primary/oncall?at=2026-11-30T09:00:00Z"),
            new Row("PUT", "/api/v1/escalation-policies/{name}", "comms-service", "/api/v1/escalation-policies/sre"),
            new Row("PUT", "/api/v1/routes/{owner}", "comms-service", "/api/v1/routes/team-payments"),
            new Row("GET", "/api/v1/pages?incidentId=", "comms-service", "/api/v1/pages?incidentId=" + ID),
            new Row("POST", "/api/v1/incidents/{id}/action-items", "comms-service", "/api/v1/incidents/" + ID + "/action-items"),
            new Row("PATCH", "/api/v1/action-items/{id}", "comms-service", "/api/v1/action-items/" + ID),
            new Row("GET", "/api/v1/action-items?overdue=true&owner=", "comms-service", "/api/v1/action-items?overdue=true&owner=alice"));

    /** URLs that must not reach any service through the ingress. */
    static final List<String> NOT_ROUTED = List.of(
            "/q/health/ready", "/q/metrics", "/q/openapi", "/", "/api/v1/unknown",
            "/api/v1/incidents/" + ID + "/unknown", "/api/v1/incidents/" + ID + "/timeline-x",
            "/v2/enqueue/extra", "/statusx", "/api/v1/alertsx", "/consolex");

    /**
     * Paths the services declare that the ingress sends elsewhere on purpose: detection's and
     * remediation's read-only replicas of the catalog, whose public API is triage's (the owner's).
     */
    static final Map<String, String> ROUTED_TO_OWNER = Map.of(
            "detection-service GET /api/v1/catalog/services", "triage-service",
            "remediation-service GET /api/v1/catalog/services/{name}", "triage-service");

    static List<String> overlays() {
        return Manifests.overlays();
    }

    /** The router of an overlay: its HTTPRoute on the https listener when it has one, else its Ingress. */
    static Routers.Router router(Manifests m) {
        List<HTTPRoute> routes = m.all(HTTPRoute.class);
        List<Ingress> ingresses = m.all(Ingress.class);
        assertTrue(routes.isEmpty() != ingresses.isEmpty(), m + ": exactly one of Ingress and HTTPRoute routes the suite");
        return routes.isEmpty() ? Routers.ingressNginx(ingresses) : Routers.httpRoute(routes, "https");
    }

    static String host(Manifests m) {
        List<HTTPRoute> routes = m.all(HTTPRoute.class);
        if (!routes.isEmpty()) {
            return routes.get(0).getSpec().getHostnames().get(0);
        }
        List<String> hosts = m.all(Ingress.class).stream().flatMap(i -> i.getSpec().getRules().stream()).map(r -> r.getHost()).distinct().toList();
        assertEquals(1, hosts.size(), m + ": one host for every path: " + hosts);
        return hosts.get(0);
    }

    static Stream<Object[]> contractRows() {
        return overlays().stream().flatMap(o -> CONTRACT.stream().map(r -> new Object[]{o, r}));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("contractRows")
    void everyContractPathReachesItsOwner(String overlay, Row row) {
        Manifests m = Manifests.of(overlay);
        assertRoute(m, row.url(), row.service(), row.method() + " " + row.path());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void internalAndUnknownPathsAreNotRouted(String overlay) {
        Manifests m = Manifests.of(overlay);
        Routers.Router router = router(m);
        for (String url : NOT_ROUTED) {
            assertEquals(List.of(), router.hits(host(m), Routers.pathOf(url)), overlay + ": " + url + " must not be routed");
        }
        assertEquals(List.of(), router.hits("other.example.com", "/api/v1/alerts"), overlay + ": another host");
    }

    /** Every path the services' JAX-RS resources declare (read from their sources) reaches its service. */
    @ParameterizedTest
    @MethodSource("overlays")
    void everyDeclaredResourcePathReachesItsService(String overlay) throws IOException {
        Manifests m = Manifests.of(overlay);
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (String service : ManifestsTest.SERVICES) {
            for (Endpoint e : declaredEndpoints(service)) {
                String expected = ROUTED_TO_OWNER.getOrDefault(service + " " + e.method() + " " + e.path(), service);
                String url = e.path().replaceAll("\\{[^}]+}", ID);
                Optional<Routers.Target> t = router(m).route(host(m), url);
                if (t.isEmpty() || !t.get().service().equals(expected)) {
                    problems.add(e.method() + " " + e.path() + " (" + service + ") → " + t.map(Routers.Target::service).orElse("no route")
                            + ", expected " + expected);
                }
                checked++;
            }
        }
        assertTrue(checked > 80, "found only " + checked + " declared endpoints: the source scan is broken");
        assertEquals(List.of(), problems, overlay + ": paths the services declare but the ingress does not send to them");
    }

    @Test
    void theSourceScanFindsKnownEndpoints() throws IOException {
        Set<String> comms = new TreeSet<>();
        declaredEndpoints("comms-service").forEach(e -> comms.add(e.method() + " " + e.path()));
        assertTrue(comms.contains("GET /status"), comms.toString());
        assertTrue(comms.contains("GET /api/v1/incidents/{id}/timeline"), comms.toString());
        assertFalse(comms.contains("GET /api/v1/incidents/{id}"), "comms has no method on its class path: " + comms);
        Set<String> remediation = new TreeSet<>();
        declaredEndpoints("remediation-service").forEach(e -> remediation.add(e.method() + " " + e.path()));
        assertTrue(remediation.contains("POST /api/v1/executions/{id}/approve"), remediation.toString());
        assertTrue(remediation.contains("GET /api/v1/executions"), remediation.toString());
    }

    /** The Ingress and the HTTPRoute are the same table: every contract URL and every declared path goes to the same place. */
    @Test
    void ingressAndHttpRouteAgree() throws IOException {
        Manifests prod = Manifests.of("prod");
        Manifests gateway = Manifests.of("prod-gateway");
        assertEquals(host(prod), host(gateway));
        List<String> urls = new ArrayList<>(CONTRACT.stream().map(Row::url).toList());
        urls.addAll(NOT_ROUTED);
        for (String service : ManifestsTest.SERVICES) {
            declaredEndpoints(service).forEach(e -> urls.add(e.path().replaceAll("\\{[^}]+}", ID)));
        }
        for (String url : urls) {
            assertEquals(router(prod).route(host(prod), url).map(Routers.Target::service),
                    router(gateway).route(host(gateway), url).map(Routers.Target::service), url);
        }
    }

    /** Plain HTTP on the Gateway only redirects to HTTPS. */
    @Test
    void gatewayRedirectsHttpToHttps() {
        Manifests gateway = Manifests.of("prod-gateway");
        List<HTTPRoute> onHttp = gateway.all(HTTPRoute.class).stream()
                .filter(r -> r.getSpec().getParentRefs().stream().anyMatch(p -> "http".equals(p.getSectionName()))).toList();
        assertEquals(1, onHttp.size());
        var rule = onHttp.get(0).getSpec().getRules().get(0);
        assertTrue(rule.getBackendRefs() == null || rule.getBackendRefs().isEmpty(), "the http listener must not reach a service");
        assertEquals("https", rule.getFilters().get(0).getRequestRedirect().getScheme());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void prodTerminatesTls(String overlay) {
        if (!overlay.startsWith("prod")) {
            return;
        }
        Manifests m = Manifests.of(overlay);
        for (Ingress i : m.all(Ingress.class)) {
            assertFalse(i.getSpec().getTls() == null || i.getSpec().getTls().isEmpty(), overlay + ": Ingress without TLS");
            assertTrue(i.getSpec().getTls().get(0).getHosts().contains(host(m)), overlay + ": TLS host");
        }
        for (var g : m.all(io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway.class)) {
            assertTrue(g.getSpec().getListeners().stream().anyMatch(l -> "HTTPS".equals(l.getProtocol()) && l.getTls() != null),
                    overlay + ": Gateway without an HTTPS listener");
        }
    }

    /** The acknowledge links comms puts in pages point at the routed host (and HTTPS in prod). */
    @ParameterizedTest
    @MethodSource("overlays")
    void pageLinksPointAtTheRoutedHost(String overlay) {
        Manifests m = Manifests.of(overlay);
        var comms = m.get(io.fabric8.kubernetes.api.model.apps.Deployment.class, Manifests.SUITE_NAMESPACE, "comms-service")
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        String url = ManifestsTest.env(m, comms, "IR_PAGING_PUBLIC_URL");
        java.net.URI uri = java.net.URI.create(url);
        assertEquals(host(m), uri.getHost(), overlay + ": IR_PAGING_PUBLIC_URL " + url);
        assertEquals(overlay.startsWith("prod") ? "https" : uri.getScheme(), uri.getScheme(), overlay + ": IR_PAGING_PUBLIC_URL " + url);
        assertEquals(Optional.of("comms-service"), router(m).route(host(m), uri.getPath() + "/api/v1/pages/" + ID + "/ack?token=t")
                .map(Routers.Target::service), overlay + ": the acknowledge link reaches comms");
    }

    // ---- evaluation

    private static void assertRoute(Manifests m, String url, String expected, String what) {
        Routers.Router router = router(m);
        List<Routers.Hit> hits = router.hits(host(m), Routers.pathOf(url));
        assertEquals(1, hits.size(), m + ": " + what + " (" + url + ") must match exactly one rule, matches " + hits);
        Routers.Target target = hits.get(0).target();
        assertEquals(expected, target.service(), m + ": " + what + " (" + url + ") via " + hits.get(0).rule());
        assertTrue(Routers.exists(m, target), m + ": " + what + " goes to " + target + ", which is no Service port");
    }

    /** A method and path a JAX-RS resource declares. */
    record Endpoint(String method, String path) {
    }

    private static final Pattern PATH = Pattern.compile("@Path\\(\"([^\"]*)\"\\)");
    private static final Pattern HTTP_METHOD = Pattern.compile("^\\s*@(GET|POST|PUT|DELETE|PATCH|HEAD)\\b");
    private static final Pattern CLASS = Pattern.compile("^(public\\s+)?(final\\s+)?class\\s");
    private static final Pattern METHOD_START = Pattern.compile("^\\s*(public|protected)\\s.*\\(");

    /**
     * The endpoints of {@code <service>/src/main/java/**&#47;rest/*.java}: the class's {@code @Path}
     * joined with each resource method's (annotations on their own lines, as the code style has them).
     */
    static List<Endpoint> declaredEndpoints(String service) throws IOException {
        Path src = Manifests.repoRoot().resolve(service).resolve("src/main/java");
        List<Endpoint> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(src)) {
            files = walk.filter(p -> p.getParent().getFileName().toString().equals("rest") && p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            String classPath = null;
            boolean inClass = false;
            String pendingPath = null;
            String pendingMethod = null;
            for (String line : Files.readAllLines(file)) {
                Matcher path = PATH.matcher(line);
                Matcher http = HTTP_METHOD.matcher(line);
                if (!inClass) {
                    if (path.find() && line.trim().startsWith("@Path")) {
                        classPath = path.group(1);
                    }
                    if (CLASS.matcher(line.trim()).find()) {
                        inClass = true;
                        if (classPath == null) {
                            break;
                        }
                    }
                    continue;
                }
                if (line.trim().startsWith("@Path") && path.find()) {
                    pendingPath = path.group(1);
                } else if (http.find()) {
                    pendingMethod = http.group(1);
                } else if (METHOD_START.matcher(line).find()) {
                    if (pendingMethod != null) {
                        out.add(new Endpoint(pendingMethod, join(classPath, pendingPath)));
                    }
                    pendingPath = null;
                    pendingMethod = null;
                }
            }
        }
        return out;
    }

    private static String join(String a, String b) {
        String s = "/" + a + (b == null ? "" : "/" + b);
        s = s.replaceAll("/+", "/");
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
