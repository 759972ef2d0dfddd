package io.irsuite.comms.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Builds the status page from the incidents and the catalog replica. Pure. */
public final class StatusPageBuilder {

    /** Component statuses, least severe first. */
    public static final List<String> COMPONENT_STATUSES =
            List.of("operational", "degraded_performance", "partial_outage", "major_outage");

    private StatusPageBuilder() {
    }

    /**
     * @param catalog          the live catalog entries
     * @param incidents        active incidents and recently resolved ones
     * @param updates          the stakeholder updates per incident, oldest first
     * @param allComponentsUpTo show every catalog service when there are at most this many, else tiers 1-2
     * @param resolvedWindow   how long a resolved incident stays listed
     */
    public static StatusPage build(Instant now, List<StatusPage.CatalogComponent> catalog, List<IncidentState> incidents,
                                   Map<UUID, List<StatusPage.Update>> updates, int allComponentsUpTo,
                                   Duration resolvedWindow) {
        Map<String, String> components = new TreeMap<>();
        boolean all = catalog.size() <= allComponentsUpTo;
        for (StatusPage.CatalogComponent c : catalog) {
            if (all || (c.tier() != null && c.tier() <= 2)) {
                components.put(c.name(), "operational");
            }
        }
        List<IncidentState> active = incidents.stream().filter(IncidentState::active).toList();
        for (IncidentState i : active) {
            String impact = componentStatus(i.severity());
            for (String service : i.services()) {
                components.merge(service, impact, StatusPageBuilder::worse);
            }
        }
        List<StatusPage.Component> componentList = components.entrySet().stream()
                .map(e -> new StatusPage.Component(e.getKey(), e.getValue())).toList();

        Instant cutoff = now.minus(resolvedWindow);
        List<IncidentState> shown = new ArrayList<>(active);
        shown.sort(Comparator.comparing((IncidentState i) -> Severity.orLowest(i.severity()))
                .thenComparing(i -> i.startedAt() == null ? Instant.EPOCH : i.startedAt()));
        incidents.stream()
                .filter(i -> !i.active() && i.resolvedAt() != null && !i.resolvedAt().isBefore(cutoff))
                .sorted(Comparator.comparing(IncidentState::resolvedAt).reversed())
                .forEach(shown::add);
        List<StatusPage.Incident> incidentList = shown.stream()
                .map(i -> new StatusPage.Incident(i.id(), i.displayTitle(), i.severity(),
                        StatusWords.publicWord(i.status()), i.services(), i.startedAt(),
                        updates.getOrDefault(i.id(), List.of())))
                .toList();
        return new StatusPage(overall(componentList, !active.isEmpty()), componentList, incidentList);
    }

    /** SEV1 → major_outage, SEV2 → partial_outage, SEV3/SEV4 (or unknown) → degraded_performance. */
    public static String componentStatus(String severity) {
        return switch (Severity.orLowest(severity)) {
            case SEV1 -> "major_outage";
            case SEV2 -> "partial_outage";
            default -> "degraded_performance";
        };
    }

    /** operational, degraded, partial_outage or major_outage: the worst component decides. */
    static String overall(List<StatusPage.Component> components, boolean anyActive) {
        String worst = "operational";
        for (StatusPage.Component c : components) {
            worst = worse(worst, c.status());
        }
        return switch (worst) {
            case "major_outage", "partial_outage" -> worst;
            case "degraded_performance" -> "degraded";
            default -> anyActive ? "degraded" : "operational";
        };
    }

    static String worse(String a, String b) {
        return COMPONENT_STATUSES.indexOf(a) >= COMPONENT_STATUSES.indexOf(b) ? a : b;
    }
}
