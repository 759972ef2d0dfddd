package io.irsuite.detection.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.detection.config.IrConfig;
import io.irsuite.detection.domain.Alert;
import io.irsuite.detection.domain.GroupingRules;
import io.irsuite.detection.domain.Incident;
import io.irsuite.detection.domain.NormalizedAlert;
import io.irsuite.detection.domain.ServiceGraph;
import io.irsuite.detection.domain.Severity;
import io.irsuite.detection.repository.GroupingLocks;
import io.irsuite.detection.repository.TopologyRepository;
import io.irsuite.events.Payloads;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Topology-aware grouping (the rules are in {@link GroupingRules}): an alert joins an open incident
 * whose services are related to its own in the catalog's dependency graph within
 * {@code ir.detection.grouping.max-hops}, and merges the incidents it shows to be one failure.
 * Decisions are serialised by one transaction-scoped advisory lock.
 */
@ApplicationScoped
public class TopologyGrouping implements GroupingStrategy {

    private final TopologyRepository topology;
    private final GroupingLocks locks;
    private final IrConfig config;
    private final ObjectMapper mapper;

    public TopologyGrouping(TopologyRepository topology, GroupingLocks locks, IrConfig config, ObjectMapper mapper) {
        this.topology = topology;
        this.locks = locks;
        this.config = config;
        this.mapper = mapper;
    }

    @Override
    public Set<String> lockKeys(NormalizedAlert alert) {
        return Set.of(alert.service());
    }

    @Override
    public Uni<Grouping> group(NormalizedAlert alert) {
        int maxHops = Math.max(0, config.detection().grouping().maxHops());
        return locks.lockGroupingDecisions()
                .chain(topology::graph)
                .chain(graph -> topology.lockOpenWithAnyOf(graph.neighbourhood(alert.service(), maxHops),
                                alert.startsAt().minus(config.detection().groupingWindow()))
                        .chain(open -> decide(graph, alert, open, maxHops)));
    }

    private Uni<Grouping> decide(ServiceGraph graph, NormalizedAlert alert, List<Incident> open, int maxHops) {
        if (open.isEmpty()) {
            return Uni.createFrom().item(GroupingRules.decide(graph, alert.service(), evidence(alert), List.of(), maxHops))
                    .map(d -> Grouping.open(d.reason()));
        }
        Map<UUID, Incident> byId = new HashMap<>();
        open.forEach(i -> byId.put(i.id, i));
        // the incident row keeps its alerts' strongest evidence; only older incidents need their alerts read
        Set<UUID> unknown = new java.util.HashSet<>();
        open.stream().filter(i -> i.evidence().isEmpty()).forEach(i -> unknown.add(i.id));
        return topology.alertsOf(unknown).map(alerts -> {
            Map<UUID, GroupingRules.Evidence> evidence = new HashMap<>();
            for (Alert a : alerts) {
                evidence.merge(a.incidentId, evidence(a), GroupingRules.Evidence::max);
            }
            for (Incident i : open) {
                if (unknown.contains(i.id)) {
                    i.groupingEvidence = evidence.getOrDefault(i.id, GroupingRules.Evidence.INFO).name();
                }
                evidence.put(i.id, i.evidence().orElse(GroupingRules.Evidence.INFO));
            }
            List<GroupingRules.Candidate> candidates = new ArrayList<>();
            for (Incident i : open) {
                candidates.add(new GroupingRules.Candidate(i.id, i.startedAt, i.detectedAt, Set.of(i.services),
                        evidence.getOrDefault(i.id, GroupingRules.Evidence.INFO)));
            }
            GroupingRules.Decision d = GroupingRules.decide(graph, alert.service(), evidence(alert), candidates,
                    maxHops);
            if (d.opensIncident()) {
                return Grouping.open(d.reason());
            }
            List<Incident> merged = d.merged().stream().map(l -> byId.get(l.incident().id())).toList();
            if (!merged.isEmpty()) {
                Log.infof("alert %s on %s merges incidents %s into %s: %s", alert.name(), alert.service(),
                        merged.stream().map(i -> i.id).toList(), d.target().incident().id(), d.reason());
            }
            return new Grouping(byId.get(d.target().incident().id()), merged, d.reason());
        });
    }

    @Override
    public void joined(Incident incident, NormalizedAlert alert) {
        incident.evidenceJoined(evidence(alert));
    }

    private GroupingRules.Evidence evidence(NormalizedAlert a) {
        return evidence(a.severity(), a.metricsJson());
    }

    private GroupingRules.Evidence evidence(Alert a) {
        return evidence(Severity.fromName(a.severity).orElse(Severity.DEFAULT), a.metrics);
    }

    private GroupingRules.Evidence evidence(Severity severity, String metricsJson) {
        Payloads.AlertMetrics m = null;
        if (metricsJson != null) {
            try {
                m = mapper.readValue(metricsJson, Payloads.AlertMetrics.class);
            } catch (JsonProcessingException e) {
                // metrics were validated on the way in; unreadable ones just count as absent
                Log.debugf("alert metrics unreadable: %s", e.getOriginalMessage());
            }
        }
        if (m == null) {
            return GroupingRules.Evidence.of(severity, null, null, null, null, null, null, null);
        }
        return GroupingRules.Evidence.of(severity, m.errorRate(), m.usersAffectedPct(), m.latencyP95Ms(),
                m.baselineP95Ms(), m.slaBreach(), m.dataLoss(), m.securityBreach());
    }
}
