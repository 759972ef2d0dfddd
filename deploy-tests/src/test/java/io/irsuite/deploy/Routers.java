package io.irsuite.deploy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rendered routing rules evaluated the way the controllers evaluate them, so that a test can ask
 * "where does this URL go?". Each router also reports every rule a URL matches: the manifests keep
 * the patterns disjoint, so a URL matching two rules is an error whatever the precedence.
 */
final class Routers {

    /** Where a request lands: the Service and its port (a Service port number or name). */
    record Target(String service, String port) {
    }

    /** One rule as written, and how it matched. */
    record Hit(String rule, Target target) {
    }

    interface Router {
        /** Every rule matching {@code path} (no query), in the controller's order of precedence. */
        List<Hit> hits(String host, String path);

        /** The rule that wins, if any. */
        default Optional<Target> route(String host, String url) {
            List<Hit> hits = hits(host, pathOf(url));
            return hits.isEmpty() ? Optional.empty() : Optional.of(hits.get(0).target());
        }
    }

    static String pathOf(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /**
     * ingress-nginx with {@code use-regex}: every path of the host becomes {@code location ~* "^<path>"}
     * (a case-insensitive PCRE anchored at the start only), sorted by descending path length (ties:
     * reverse lexicographic), first match wins.
     */
    static Router ingressNginx(List<Ingress> ingresses) {
        record Rule(String host, String path, Pattern pattern, Target target) {
        }
        List<Rule> rules = new ArrayList<>();
        for (Ingress ingress : ingresses) {
            boolean regex = "true".equals(ingress.getMetadata().getAnnotations() == null ? null
                    : ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/use-regex"));
            if (!regex) {
                throw new AssertionError("Ingress " + ingress.getMetadata().getName() + " routes interleaved paths without use-regex");
            }
            if (!"nginx".equals(ingress.getSpec().getIngressClassName())) {
                throw new AssertionError("Ingress " + ingress.getMetadata().getName() + " uses ingress-nginx regexes but class "
                        + ingress.getSpec().getIngressClassName());
            }
            for (IngressRule r : ingress.getSpec().getRules()) {
                for (HTTPIngressPath p : r.getHttp().getPaths()) {
                    if (!"ImplementationSpecific".equals(p.getPathType())) {
                        throw new AssertionError("regex path " + p.getPath() + " must be ImplementationSpecific (ingress-nginx rejects regexes in Prefix/Exact)");
                    }
                    if (p.getPath().startsWith("^")) {
                        throw new AssertionError("ingress-nginx adds ^ itself: " + p.getPath());
                    }
                    var port = p.getBackend().getService().getPort();
                    rules.add(new Rule(r.getHost(), p.getPath(),
                            Pattern.compile("^" + p.getPath(), Pattern.CASE_INSENSITIVE),
                            new Target(p.getBackend().getService().getName(),
                                    port.getName() != null ? port.getName() : String.valueOf(port.getNumber()))));
                }
            }
        }
        rules.sort(Comparator.comparingInt((Rule r) -> r.path().length()).reversed()
                .thenComparing(Rule::path, Comparator.reverseOrder()));
        return (host, path) -> rules.stream()
                .filter(r -> Objects.equals(r.host(), host))
                .filter(r -> r.pattern().matcher(path).find())
                .map(r -> new Hit(r.path(), r.target()))
                .toList();
    }

    /**
     * Gateway API HTTPRoute matching: Exact, then the longest PathPrefix (path-element wise), then
     * RegularExpression, whose precedence and semantics (full match or search) the spec leaves to the
     * implementation: a regex must give the same answer both ways, and may not share a URL with another rule.
     */
    static Router httpRoute(List<HTTPRoute> routes, String listener) {
        record Rule(String host, String type, String value, Target target) {
        }
        List<Rule> rules = new ArrayList<>();
        for (HTTPRoute route : routes) {
            boolean onListener = route.getSpec().getParentRefs().stream().anyMatch(p -> listener.equals(p.getSectionName()));
            if (!onListener) {
                continue;
            }
            for (String host : route.getSpec().getHostnames()) {
                for (HTTPRouteRule rule : route.getSpec().getRules()) {
                    if (rule.getBackendRefs() == null || rule.getBackendRefs().size() != 1) {
                        throw new AssertionError("HTTPRoute " + route.getMetadata().getName() + ": each rule sends to exactly one Service");
                    }
                    var backend = rule.getBackendRefs().get(0);
                    Target target = new Target(backend.getName(), String.valueOf(backend.getPort()));
                    for (HTTPRouteMatch match : rule.getMatches()) {
                        rules.add(new Rule(host, match.getPath().getType(), match.getPath().getValue(), target));
                    }
                }
            }
        }
        return (host, path) -> {
            List<Hit> exact = new ArrayList<>();
            List<Rule> prefix = new ArrayList<>();
            List<Hit> regex = new ArrayList<>();
            for (Rule r : rules) {
                if (!Objects.equals(r.host(), host)) {
                    continue;
                }
                switch (r.type()) {
                    case "Exact" -> {
                        if (path.equals(r.value())) {
                            exact.add(new Hit("Exact " + r.value(), r.target()));
                        }
                    }
                    case "PathPrefix" -> {
                        String v = r.value().endsWith("/") ? r.value().substring(0, r.value().length() - 1) : r.value();
                        if (path.equals(v) || path.startsWith(v + "/") || v.isEmpty()) {
                            prefix.add(r);
                        }
                    }
                    case "RegularExpression" -> {
                        Pattern p = Pattern.compile(r.value());
                        boolean full = p.matcher(path).matches();
                        boolean search = p.matcher(path).find();
                        if (full != search) {
                            throw new AssertionError("regex " + r.value() + " matches " + path + (full ? " in full but" : " by search but not")
                                    + " otherwise: implementations would disagree (anchor it with ^...$)");
                        }
                        if (full) {
                            regex.add(new Hit("RegularExpression " + r.value(), r.target()));
                        }
                    }
                    default -> throw new AssertionError("unknown path match type " + r.type());
                }
            }
            prefix.sort(Comparator.comparingInt((Rule r) -> r.value().length()).reversed());
            List<Hit> hits = new ArrayList<>(exact);
            prefix.forEach(r -> hits.add(new Hit("PathPrefix " + r.value(), r.target())));
            hits.addAll(regex);
            return hits;
        };
    }

    /** Whether {@code target} names a port of an existing Service of the suite. */
    static boolean exists(Manifests m, Target target) {
        Optional<Service> s = m.find(Service.class, Manifests.SUITE_NAMESPACE, target.service());
        if (s.isEmpty()) {
            return false;
        }
        for (ServicePort p : s.get().getSpec().getPorts()) {
            if (target.port().equals(p.getName()) || target.port().equals(String.valueOf(p.getPort()))) {
                return true;
            }
        }
        return false;
    }

    private Routers() {
    }
}
