package io.irsuite.detection.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The open incidents one grouping run may join, and the decisions over them, in memory: which of
 * them are candidates for an alert (not resolved, inside the grouping window, a service near the
 * alert's), and what {@link GroupingRules} decides among them. The service runs it inside its
 * transaction over the incidents it row-locked; the offline evaluation runs it over simulated ones.
 * Not thread-safe: one run, one instance.
 */
public final class OpenIncidents {

    private final ServiceGraph graph;
    private final int maxHops;
    private final Duration window;
    private final Map<UUID, Incident> open = new LinkedHashMap<>();
    private final Map<String, Set<String>> neighbourhoods = new HashMap<>();

    public OpenIncidents(ServiceGraph graph, int maxHops, Duration window, Collection<Incident> open) {
        this.graph = graph;
        this.maxHops = Math.max(0, maxHops);
        this.window = window;
        open.forEach(i -> this.open.put(i.id, i));
    }

    /** Where a firing alert goes: {@code target} null opens an incident; {@code merged} go into the target. */
    public record Choice(Incident target, List<Incident> merged, String reason) {

        public boolean opensIncident() {
            return target == null;
        }
    }

    /**
     * The earliest {@link Incident#lastAlertAt} an open incident may have to be a candidate for an alert
     * that started at {@code startsAt}: what the database query that loads the run's incidents filters on.
     */
    public static Instant notBefore(Instant startsAt, Duration window) {
        return startsAt.minus(window);
    }

    /**
     * Whether {@code incident} is inside the grouping window of an alert that started at {@code startsAt}:
     * its last alert came at most the window before it. Measured from the incident's start instead, a
     * failure whose symptoms had fired for a while (an old {@code startsAt}) lost its late symptoms and its
     * late root to incidents of their own.
     */
    public static boolean inWindow(Incident incident, Instant startsAt, Duration window) {
        return !incident.lastAlertAt().isBefore(notBefore(startsAt, window));
    }

    /** Decides for a firing alert on {@code service} with its own {@code evidence}, started at {@code startsAt}. */
    public Choice decide(String service, GroupingRules.Evidence evidence, Instant startsAt) {
        Map<UUID, Incident> byId = new HashMap<>();
        List<GroupingRules.Candidate> candidates = candidates(service, startsAt, byId);
        GroupingRules.Decision d = GroupingRules.decide(graph, service, evidence, candidates, maxHops);
        if (d.opensIncident()) {
            return new Choice(null, List.of(), d.reason());
        }
        List<Incident> merged = d.merged().stream().map(l -> byId.get(l.incident().id())).toList();
        return new Choice(byId.get(d.target().incident().id()), merged, d.reason());
    }

    /**
     * The open incidents other than {@code inhibitor} that an alert inhibited into {@code inhibitor} shows to
     * be its failure too (it is their deeper cause, or on one of their services): they are merged into it.
     */
    public List<Incident> sameFailure(Incident inhibitor, String service, GroupingRules.Evidence evidence,
                                      Instant startsAt) {
        Map<UUID, Incident> byId = new HashMap<>();
        List<GroupingRules.Candidate> candidates = candidates(service, startsAt, byId);
        return GroupingRules.sameFailure(graph, service, evidence, candidates, maxHops).stream()
                .map(l -> byId.get(l.incident().id())).filter(i -> !i.id.equals(inhibitor.id)).toList();
    }

    private List<GroupingRules.Candidate> candidates(String service, Instant startsAt, Map<UUID, Incident> byId) {
        Set<String> near = neighbourhoods.computeIfAbsent(service, s -> graph.neighbourhood(s, maxHops));
        List<GroupingRules.Candidate> candidates = new ArrayList<>();
        for (Incident i : open.values()) {
            if (i.isResolved() || !inWindow(i, startsAt, window) || !anyOf(i.services, near)) {
                continue;
            }
            byId.put(i.id, i);
            candidates.add(new GroupingRules.Candidate(i.id, i.startedAt, i.detectedAt, Set.of(i.services),
                    i.evidence().orElse(GroupingRules.Evidence.INFO)));
        }
        return candidates;
    }

    /** {@code incident} took (or was opened by) a grouped alert with {@code evidence}: later decisions see it. */
    public void joined(Incident incident, GroupingRules.Evidence evidence) {
        incident.evidenceJoined(evidence);
        open.putIfAbsent(incident.id, incident);
    }

    /** {@code incident} took an inhibited alert (no evidence of its own): later decisions see it. */
    public void inhibitedJoined(Incident incident) {
        open.putIfAbsent(incident.id, incident);
    }

    private static boolean anyOf(String[] services, Set<String> near) {
        for (String s : services) {
            if (near.contains(s)) {
                return true;
            }
        }
        return false;
    }
}
