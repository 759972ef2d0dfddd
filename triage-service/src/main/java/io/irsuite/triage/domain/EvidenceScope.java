package io.irsuite.triage.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which other facts a triage reads, given an incident's alerts: the catalog dependencies of its
 * alerting services (whose alerts in other incidents count), and the changes on any involved
 * service within the change window before the first alert. The service and the offline
 * evaluation both use it, so that they feed the analysis the same evidence.
 *
 * @param dependencies transitive catalog dependencies of the alerting services
 * @param services     alerting services, the incident's own services, and their dependencies
 * @param from         oldest change time that counts
 * @param to           newest change time that counts
 */
public record EvidenceScope(Set<String> dependencies, Set<String> services, Instant from, Instant to) {

    public EvidenceScope {
        dependencies = Set.copyOf(dependencies);
        services = Set.copyOf(services);
    }

    public static EvidenceScope of(List<AlertFacts> alerts, Collection<String> incidentServices, DependencyGraph graph,
                                   Duration changeWindow, Instant now) {
        Set<String> dependencies = new TreeSet<>();
        alerts.stream().map(AlertFacts::service).filter(Objects::nonNull)
                .forEach(s -> dependencies.addAll(graph.transitiveDependencies(s)));
        Set<String> involved = new TreeSet<>(dependencies);
        alerts.stream().map(AlertFacts::service).filter(Objects::nonNull).forEach(involved::add);
        if (incidentServices != null) {
            incidentServices.stream().filter(Objects::nonNull).forEach(involved::add);
        }
        Instant firstAlert = alerts.stream().map(AlertFacts::startsAt).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(now);
        Instant to = firstAlert.isAfter(now) ? firstAlert : now;
        return new EvidenceScope(dependencies, involved, firstAlert.minus(changeWindow), to);
    }

    /** Whether the change is one the service would have read (inclusive bounds, as the repository query). */
    public boolean covers(ChangeFacts change) {
        return change.service() != null && services.contains(change.service()) && change.at() != null
                && !change.at().isBefore(from) && !change.at().isAfter(to);
    }
}
