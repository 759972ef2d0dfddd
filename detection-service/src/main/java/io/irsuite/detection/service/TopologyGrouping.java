package io.irsuite.detection.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irsuite.detection.config.IrConfig;
import io.irsuite.detection.domain.Alert;
import io.irsuite.detection.domain.AlertKinds;
import io.irsuite.detection.domain.AlertLabels;
import io.irsuite.detection.domain.Inhibition;
import io.irsuite.detection.domain.Matcher;
import io.irsuite.detection.domain.GroupingRules;
import io.irsuite.detection.domain.Incident;
import io.irsuite.detection.domain.NormalizedAlert;
import io.irsuite.detection.domain.OpenIncidents;
import io.irsuite.detection.domain.ServiceGraph;
import io.irsuite.detection.domain.Severity;
import io.irsuite.detection.repository.GroupingLocks;
import io.irsuite.detection.repository.TopologyRepository;
import io.irsuite.events.Payloads;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.TreeSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Topology-aware grouping (the rules are in {@link GroupingRules}): an alert joins an open incident
 * whose services are related to its own in the catalog's dependency graph within
 * {@code ir.detection.grouping.max-hops}, and merges the incidents it shows to be one failure.
 * Decisions are serialised by one transaction-scoped advisory lock; a batch of alerts reads the open
 * incidents near all of them in one query and is then decided in memory.
 */
@ApplicationScoped
public class TopologyGrouping implements GroupingStrategy {

    private final TopologyRepository topology;
    private final GroupingLocks locks;
    private final IrConfig config;
    private final ObjectMapper mapper;
    private final InhibitRules inhibitRules;
    private final StoredJson json;

    /** At most this many firing alerts are read as possible inhibitors of one batch (the most recent). */
    static final int MAX_SOURCES = 2000;

    public TopologyGrouping(TopologyRepository topology, GroupingLocks locks, IrConfig config, ObjectMapper mapper,
                            InhibitRules inhibitRules, StoredJson json) {
        this.inhibitRules = inhibitRules;
        this.json = json;
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
    public Uni<Decisions> prepare(Collection<NormalizedAlert> alerts) {
        int maxHops = Math.max(0, config.detection().grouping().maxHops());
        Duration window = config.detection().groupingWindow();
        return locks.lockGroupingDecisions()
                .chain(topology::graph)
                .chain(graph -> {
                    Set<String> near = new TreeSet<>();
                    Instant notBefore = null;
                    for (NormalizedAlert a : alerts) {
                        near.addAll(graph.neighbourhood(a.service(), maxHops));
                        Instant from = OpenIncidents.notBefore(a.startsAt(), window);
                        notBefore = notBefore == null || from.isBefore(notBefore) ? from : notBefore;
                    }
                    Uni<List<Incident>> open = near.isEmpty() ? Uni.createFrom().item(List.of())
                            : topology.lockOpenWithAnyOf(near, notBefore).call(this::knowEvidence);
                    return open.chain(incidents -> {
                        BatchDecisions decisions = new BatchDecisions(graph, maxHops, window, incidents);
                        return inhibitors(alerts, graph, incidents).invoke(decisions::inhibitors).replaceWith(decisions);
                    });
                });
    }

    /**
     * The firing alerts that may inhibit some alert of the batch, with their incidents (locked): read only
     * when a rule could inhibit one of them; for the topology default, on the services below the batch's
     * symptom-like alerts, for configured rules, by the alert names their source matchers require (or any).
     * Incidents the batch already holds locked ({@code open}) are not locked again.
     */
    private Uni<Inhibitors> inhibitors(Collection<NormalizedAlert> alerts, ServiceGraph graph, List<Incident> open) {
        List<Inhibition.Rule> rules = inhibitRules.rules();
        List<Inhibition.Rule> relevant = rules.stream().filter(r -> alerts.stream()
                .anyMatch(a -> Matcher.all(r.target(), AlertLabels.of(a)))).toList();
        Set<String> below = new TreeSet<>();
        inhibitRules.topologyHops().ifPresent(hops -> alerts.stream().filter(a -> AlertKinds.symptomLike(a.name()))
                .forEach(a -> below.addAll(graph.below(a.service(), hops))));
        if (relevant.isEmpty() && below.isEmpty()) {
            return Uni.createFrom().item(Inhibitors.NONE);
        }
        Set<String> names = new TreeSet<>();
        boolean anyName = false;
        for (Inhibition.Rule r : relevant) {
            List<String> exact = r.source().stream()
                    .filter(m -> m.name().equals("alertname") && !m.isRegex() && m.isEqual()).map(Matcher::value).toList();
            names.addAll(exact);
            anyName |= exact.isEmpty();
        }
        Uni<List<TopologyRepository.FiringAlert>> named = relevant.isEmpty() ? Uni.createFrom().item(List.of())
                : topology.firingNamed(names, anyName, MAX_SOURCES);
        Uni<List<TopologyRepository.FiringAlert>> causes = below.isEmpty() ? Uni.createFrom().item(List.of())
                : topology.firingCauses(below, MAX_SOURCES);
        return named.chain(ruleRows -> causes.chain(causeRows -> {
            Map<String, Inhibition.Source> byService = new HashMap<>();
            for (TopologyRepository.FiringAlert a : causeRows) {
                if (AlertKinds.causeLike(a.name())) {
                    byService.putIfAbsent(a.service(), source(a));
                }
            }
            Set<UUID> ids = new TreeSet<>();
            ruleRows.forEach(a -> ids.add(a.incidentId()));
            byService.values().forEach(s -> ids.add(s.incidentId()));
            open.forEach(i -> ids.remove(i.id));
            List<Inhibition.Source> sources = ruleRows.stream().map(this::source).toList();
            return topology.lock(ids).map(locked -> {
                List<Incident> all = new ArrayList<>(locked);
                all.addAll(open);
                return new Inhibitors(sources, byService, all);
            });
        }));
    }

    private Inhibition.Source source(TopologyRepository.FiringAlert a) {
        return new Inhibition.Source(a.fingerprint(), a.service(), a.name(),
                json.labelSet(a.labels(), a.service(), a.name(), a.source(), a.severity()), a.incidentId());
    }

    /**
     * The possible inhibitors of a batch and their incidents: sources of configured rules, and for the
     * topology default one firing cause-like alert per service.
     */
    private record Inhibitors(List<Inhibition.Source> sources, Map<String, Inhibition.Source> causes,
                              List<Incident> incidents) {
        static final Inhibitors NONE = new Inhibitors(List.of(), Map.of(), List.of());
    }

    /** The incident row keeps its alerts' strongest evidence; only older incidents need their alerts read. */
    private Uni<Void> knowEvidence(List<Incident> open) {
        Set<UUID> unknown = new HashSet<>();
        open.stream().filter(i -> i.evidence().isEmpty()).forEach(i -> unknown.add(i.id));
        if (unknown.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return topology.alertsOf(unknown).invoke(alerts -> {
            Map<UUID, GroupingRules.Evidence> evidence = new HashMap<>();
            for (Alert a : alerts) {
                evidence.merge(a.incidentId, evidence(a), GroupingRules.Evidence::max);
            }
            for (Incident i : open) {
                if (unknown.contains(i.id)) {
                    i.groupingEvidence = evidence.getOrDefault(i.id, GroupingRules.Evidence.INFO).name();
                }
            }
        }).replaceWithVoid();
    }

    /**
     * The open incidents near a batch's alerts (loaded once), plus the ones the batch opens. An incident
     * not loaded has none of its services near any alert of the batch, and nothing in the batch changes
     * it, so it can never be a candidate: deciding in memory gives what a query per alert would.
     */
    private final class BatchDecisions implements Decisions {

        private final ServiceGraph graph;
        private final OpenIncidents incidents;
        private final Map<UUID, Incident> open = new HashMap<>();
        /** Possible inhibitors: firing alerts read for the batch, then the batch's own as they are grouped. */
        private final List<Inhibition.Source> sources = new ArrayList<>();
        private final Map<String, Inhibition.Source> causes = new HashMap<>();
        private final Map<UUID, Incident> sourceIncidents = new HashMap<>();
        private final Set<String> inhibited = new HashSet<>();
        private final List<Inhibition.Rule> rules = inhibitRules.rules();
        private final java.util.OptionalInt topologyHops = inhibitRules.topologyHops();

        BatchDecisions(ServiceGraph graph, int maxHops, Duration window, List<Incident> open) {
            this.graph = graph;
            this.incidents = new OpenIncidents(graph, maxHops, window, open);
            open.forEach(i -> this.open.put(i.id, i));
        }

        void inhibitors(Inhibitors found) {
            sources.addAll(found.sources());
            causes.putAll(found.causes());
            found.incidents().forEach(i -> sourceIncidents.put(i.id, i));
        }

        @Override
        public Grouping decide(NormalizedAlert alert) {
            if (!sources.isEmpty() || !causes.isEmpty()) {
                Map<String, String> labels = AlertLabels.of(alert);
                Optional<Inhibition.Match> match = Inhibition.find(alert.fingerprint(), labels, sources, rules,
                        causes, graph, topologyHops);
                Incident inhibitor = match.map(m -> sourceIncidents.getOrDefault(m.source().incidentId(),
                        open.get(m.source().incidentId()))).orElse(null);
                if (inhibitor != null && !inhibitor.isResolved()) {
                    inhibited.add(alert.fingerprint());
                    // only the topology places it in the graph: a configured rule's target merges nothing
                    List<Incident> merged = Inhibition.TOPOLOGY.equals(match.get().rule())
                            ? incidents.sameFailure(inhibitor, alert.service(), evidence(alert), alert.startsAt())
                            : List.of();
                    return Grouping.inhibited(inhibitor, merged, match.get());
                }
            }
            OpenIncidents.Choice d = incidents.decide(alert.service(), evidence(alert), alert.startsAt());
            if (d.opensIncident()) {
                return Grouping.open(d.reason());
            }
            if (!d.merged().isEmpty()) {
                Log.infof("alert %s on %s merges incidents %s into %s: %s", alert.name(), alert.service(),
                        d.merged().stream().map(i -> i.id).toList(), d.target().id, d.reason());
            }
            return new Grouping(d.target(), d.merged(), d.reason());
        }

        @Override
        public void joined(Incident incident, NormalizedAlert alert) {
            if (inhibited.remove(alert.fingerprint())) {
                // evidence of its inhibitor's failure: it neither widens the incident's reach nor inhibits
                incidents.inhibitedJoined(incident);
                open.putIfAbsent(incident.id, incident);
                return;
            }
            incidents.joined(incident, evidence(alert));
            open.putIfAbsent(incident.id, incident);
            Map<String, String> labels = AlertLabels.of(alert);
            Inhibition.Source source = new Inhibition.Source(alert.fingerprint(), alert.service(), alert.name(), labels,
                    incident.id);
            if (topologyHops.isPresent() && AlertKinds.causeLike(alert.name())) {
                causes.putIfAbsent(alert.service(), source);
                sourceIncidents.put(incident.id, incident);
            }
            if (rules.stream().anyMatch(r -> Matcher.all(r.source(), labels))) {
                sources.add(0, source);
                sourceIncidents.put(incident.id, incident);
            }
        }
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
