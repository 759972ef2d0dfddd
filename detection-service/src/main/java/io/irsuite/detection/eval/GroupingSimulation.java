package io.irsuite.detection.eval;

import io.irsuite.detection.domain.AlertKinds;
import io.irsuite.detection.domain.AlertStatus;
import io.irsuite.detection.domain.Fingerprints;
import io.irsuite.detection.domain.GroupingRules;
import io.irsuite.detection.domain.Incident;
import io.irsuite.detection.domain.IncidentStatus;
import io.irsuite.detection.domain.Inhibition;
import io.irsuite.detection.domain.NormalizedAlert;
import io.irsuite.detection.domain.OpenIncidents;
import io.irsuite.detection.domain.ServiceGraph;
import io.irsuite.detection.domain.Severity;
import io.irsuite.events.Payloads;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Replays a scenario's alerts through detection's grouping as the service applies it, in memory:
 * dedup by fingerprint, the topology default of inhibition ({@link Inhibition}), the decision over the
 * open incidents ({@link OpenIncidents}, {@link GroupingRules}) and its effects on the incidents
 * ({@link Incident#open}, {@link Incident#attach}, {@link Incident#absorb}), as
 * {@code AlertIngestService} and {@code TopologyGrouping} do. What differs from the service: each alert is
 * its own grouping run, in the order sent (the service groups whatever arrived together in one run,
 * cause-like alerts first); configured inhibit rules and silences are not simulated; the scenario is
 * shorter than the dedup cooldown, so a re-sent alert of an open incident is always a duplicate.
 */
final class GroupingSimulation {

    static final Instant ZERO = Instant.parse("2026-11-22T10:00:00Z");

    private final ServiceGraph graph;
    private final int maxHops;
    private final Duration window;

    GroupingSimulation(int maxHops, Duration window, Map<String, List<String>> dependsOn) {
        this.graph = new ServiceGraph(dependsOn);
        this.maxHops = maxHops;
        this.window = window;
    }

    /** Why each alert of the last replay went where it did (as the alert's {@code groupingReason}). */
    final Map<Integer, String> reasons = new HashMap<>();

    /** The incident each alert of {@code scenario} ends in (after merges), in the order of its alerts. */
    List<UUID> replay(Scenario scenario) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < scenario.alerts().size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> scenario.alerts().get(i).offsetSeconds()));
        Map<UUID, Incident> incidents = new HashMap<>();
        Map<String, UUID> byFingerprint = new HashMap<>();
        Map<String, Inhibition.Source> causes = new HashMap<>();
        UUID[] placed = new UUID[scenario.alerts().size()];
        for (int i : order) {
            Scenario.Sent s = scenario.alerts().get(i);
            Instant now = ZERO.plusMillis(Math.round(s.offsetSeconds() * 1000));
            Instant startsAt = ZERO.plusMillis(Math.round(s.startsAtOffsetSeconds() * 1000));
            NormalizedAlert alert = normalized(s, startsAt.isAfter(now) ? now : startsAt);
            UUID known = byFingerprint.get(alert.fingerprint());
            if (known != null && !final_(incidents, known).isResolved()) {
                placed[i] = known;
                reasons.put(i, "duplicate");
                continue;
            }
            // one grouping run of one alert: the open incidents as the service's query would load them
            OpenIncidents run = new OpenIncidents(graph, maxHops, window,
                    incidents.values().stream().filter(x -> !x.isResolved()).toList());
            GroupingRules.Evidence evidence = evidence(alert);
            Incident target = inhibitor(alert, causes, incidents);
            if (target != null) {
                List<Incident> merged = run.sameFailure(target, alert.service(), evidence, alert.startsAt());
                merge(target, merged, now);
                target.attachInhibited(alert.service(), now);
                run.inhibitedJoined(target);
                reasons.put(i, "inhibited" + (merged.isEmpty() ? "" : ", merged " + merged.size()));
            } else {
                OpenIncidents.Choice c = run.decide(alert.service(), evidence, alert.startsAt());
                reasons.put(i, c.reason());
                if (c.opensIncident()) {
                    target = Incident.open(alert, now);
                    incidents.put(target.id, target);
                } else {
                    target = c.target();
                    merge(target, c.merged(), now);
                    target.attach(alert, now);
                }
                run.joined(target, evidence);
                if (AlertKinds.causeLike(alert.name())) {
                    causes.putIfAbsent(alert.service(), new Inhibition.Source(alert.fingerprint(), alert.service(),
                            alert.name(), Map.of(), target.id));
                }
            }
            byFingerprint.put(alert.fingerprint(), target.id);
            placed[i] = target.id;
        }
        List<UUID> out = new ArrayList<>();
        for (UUID id : placed) {
            out.add(final_(incidents, id).id);
        }
        return out;
    }

    private static void merge(Incident target, List<Incident> merged, Instant now) {
        for (Incident m : merged) {
            target.absorb(m, now);
            m.moveTo(IncidentStatus.RESOLVED, "merged into " + target.id, now);
        }
    }

    /** The topology default's inhibitor of a symptom-like alert, when its incident is open. */
    private Incident inhibitor(NormalizedAlert alert, Map<String, Inhibition.Source> causes,
                               Map<UUID, Incident> incidents) {
        Map<String, String> labels = Map.of("alertname", alert.name(), "service", alert.service());
        return Inhibition.find(alert.fingerprint(), labels, List.of(), List.of(), causes, graph, OptionalInt.of(maxHops))
                .map(m -> final_(incidents, m.source().incidentId()))
                .filter(i -> !i.isResolved())
                .orElse(null);
    }

    private static Incident final_(Map<UUID, Incident> incidents, UUID id) {
        Incident i = incidents.get(id);
        while (i.mergedInto != null) {
            i = incidents.get(i.mergedInto);
        }
        return i;
    }

    private static NormalizedAlert normalized(Scenario.Sent s, Instant startsAt) {
        Severity severity = s.severity() == null ? Severity.DEFAULT : Severity.parse(s.severity()).orElse(Severity.DEFAULT);
        TreeMap<String, String> labels = new TreeMap<>(s.labels());
        String fingerprint = Fingerprints.derive("eval", s.service(), s.name(), labels);
        return new NormalizedAlert(fingerprint, "eval", s.service(), s.name(), AlertStatus.FIRING, severity, null, null,
                labels, startsAt, null, s.metrics(), null, null, null);
    }

    /** As {@code TopologyGrouping} reads an alert's evidence: severity and metrics. */
    static GroupingRules.Evidence evidence(NormalizedAlert a) {
        Payloads.AlertMetrics m = a.metrics();
        return m == null ? GroupingRules.Evidence.of(a.severity(), null, null, null, null, null, null, null)
                : GroupingRules.Evidence.of(a.severity(), m.errorRate(), m.usersAffectedPct(), m.latencyP95Ms(),
                m.baselineP95Ms(), m.slaBreach(), m.dataLoss(), m.securityBreach());
    }
}
