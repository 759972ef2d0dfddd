package io.irsuite.triage.domain;

import java.time.Instant;
import java.util.List;

/**
 * Everything the analysis reads about one incident.
 *
 * @param alerts        the incident's own alerts
 * @param relatedAlerts firing alerts of other incidents (only those on dependencies of the incident's services count)
 * @param services      the services the incident names (used when it has no alerts)
 * @param graph         the catalog's dependency graph
 * @param changes       recorded changes on the services involved, around the incident's start
 * @param now           the analysis time
 * @param history       past incidents with a confirmed cause (the knowledge base)
 */
public record TriageEvidence(List<AlertFacts> alerts, List<AlertFacts> relatedAlerts, List<String> services,
                             DependencyGraph graph, List<ChangeFacts> changes, Instant now, List<PastIncident> history) {

    public TriageEvidence(List<AlertFacts> alerts, List<AlertFacts> relatedAlerts, List<String> services,
                          DependencyGraph graph, List<ChangeFacts> changes, Instant now) {
        this(alerts, relatedAlerts, services, graph, changes, now, List.of());
    }

    public TriageEvidence {
        history = List.copyOf(history);
        alerts = List.copyOf(alerts);
        relatedAlerts = List.copyOf(relatedAlerts);
        services = services == null ? List.of() : List.copyOf(services);
        changes = List.copyOf(changes);
    }
}
