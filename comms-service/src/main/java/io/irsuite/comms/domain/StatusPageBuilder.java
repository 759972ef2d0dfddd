package io.irsuite.comms.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Builds the public status page and the internal one from what comms stored. Pure. */
public final class StatusPageBuilder {

    /** Page order: ungrouped components first, then by group, then by display name. */
    public static final Comparator<StatusComponent> ORDER = Comparator
            .comparing(StatusComponent::group, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
            .thenComparing(StatusComponent::displayName)
            .thenComparing(StatusComponent::name);

    /**
     * @param incidents      active incidents and recently resolved ones
     * @param updates        the stored stakeholder updates per incident, oldest first
     * @param impacts        the impact history of the uptime window
     * @param overrides      current overrides and those that ended within the uptime window
     * @param maintenances   maintenance windows ending within the uptime window or later
     * @param resolvedWindow how long a resolved incident stays listed
     * @param uptimeDays     cells of the uptime bar
     */
    public record Inputs(Instant now, List<StatusComponent> components, List<StatusOverride> overrides,
                         List<Maintenance> maintenances, List<IncidentState> incidents,
                         Map<UUID, List<CustomerWords.StoredUpdate>> updates, List<ImpactInterval> impacts,
                         Duration resolvedWindow, int uptimeDays) {
    }

    private StatusPageBuilder() {
    }

    public static StatusPage publicPage(Inputs in) {
        return publicPage(in, uptimes(in, publicComponents(in)));
    }

    public static InternalStatusPage internalPage(Inputs in) {
        Map<String, Uptime> uptimes = uptimes(in, in.components());
        StatusPage published = publicPage(in, uptimes);
        List<InternalStatusPage.Component> components = new ArrayList<>();
        ComponentStatus overall = ComponentStatus.operational;
        for (StatusComponent c : sorted(in.components())) {
            StatusDerivation.Current now = StatusDerivation.current(c, in.now(), in.incidents(), in.overrides(),
                    in.maintenances());
            overall = ComponentStatus.worst(overall, now.status());
            StatusOverride o = now.override();
            components.add(new InternalStatusPage.Component(c.name(), c.displayName(), c.group(), c.isPublic(),
                    c.services(), now.status().name(), now.derived().name(),
                    o == null ? null : new InternalStatusPage.ManualStatus(o.status().name(), o.from(), o.until(), o.setBy()),
                    now.maintenance() == null ? null : now.maintenance().title(), uptimes.get(c.name())));
        }
        List<StatusComponent> publicComponents = publicComponents(in);
        List<InternalStatusPage.Incident> incidents = new ArrayList<>();
        for (IncidentState i : listed(in)) {
            List<CustomerWords.StoredUpdate> stored = in.updates().getOrDefault(i.id(), List.of());
            List<String> touched = in.components().stream().filter(c -> c.touchedBy(i.services()))
                    .sorted(ORDER).map(StatusComponent::name).toList();
            incidents.add(new InternalStatusPage.Incident(i.id(), i.displayTitle(), i.severity(),
                    StatusWords.publicWord(i.status()), i.services(), touched,
                    publicIncident(i, stored, publicComponents).isPresent(), i.startedAt(),
                    i.active() ? null : i.resolvedAt(),
                    stored.stream().map(u -> new InternalStatusPage.Update(u.at(), u.kind(), u.status(), u.severity(),
                            u.text())).toList()));
        }
        List<MaintenanceView> maintenances = in.maintenances().stream()
                .filter(m -> !Maintenance.COMPLETED.equals(m.stateAt(in.now())))
                .sorted(Comparator.comparing(Maintenance::from))
                .map(m -> MaintenanceView.of(m, in.now())).toList();
        return new InternalStatusPage(overall.name(), components, incidents, maintenances, published);
    }

    private static StatusPage publicPage(Inputs in, Map<String, Uptime> uptimes) {
        List<StatusComponent> publicComponents = publicComponents(in);
        List<StatusPage.Component> components = new ArrayList<>();
        ComponentStatus overall = ComponentStatus.operational;
        for (StatusComponent c : publicComponents) {
            ComponentStatus status = StatusDerivation.current(c, in.now(), in.incidents(), in.overrides(),
                    in.maintenances()).status();
            overall = ComponentStatus.worst(overall, status);
            components.add(new StatusPage.Component(c.displayName(), c.group(), status.name(), uptimes.get(c.name())));
        }
        List<StatusPage.Incident> incidents = new ArrayList<>();
        for (IncidentState i : listed(in)) {
            publicIncident(i, in.updates().getOrDefault(i.id(), List.of()), publicComponents).ifPresent(incidents::add);
        }
        List<StatusPage.ScheduledMaintenance> maintenances = new ArrayList<>();
        in.maintenances().stream().sorted(Comparator.comparing(Maintenance::from)).forEach(m -> {
            String state = m.stateAt(in.now());
            List<String> names = publicComponents.stream().filter(c -> m.covers(c.name()))
                    .map(StatusComponent::displayName).toList();
            if (!Maintenance.COMPLETED.equals(state) && !names.isEmpty()) {
                maintenances.add(new StatusPage.ScheduledMaintenance(m.title(), m.description(), state, names,
                        m.from(), m.to()));
            }
        });
        return new StatusPage(overall.name(), description(overall), components, incidents, maintenances);
    }

    /**
     * The incident as customers see it, when it touches a public component and its most severe known
     * severity (now or in any stored update) made a component anything but operational (SEV1-SEV3).
     */
    static Optional<StatusPage.Incident> publicIncident(IncidentState i, List<CustomerWords.StoredUpdate> stored,
                                                        List<StatusComponent> publicComponents) {
        List<String> names = publicComponents.stream().filter(c -> c.touchedBy(i.services()))
                .map(StatusComponent::displayName).distinct().toList();
        if (names.isEmpty()) {
            return Optional.empty();
        }
        String peak = peakSeverity(i, stored);
        ComponentStatus impact = ComponentStatus.ofSeverity(peak);
        if (impact == ComponentStatus.operational) {
            return Optional.empty();
        }
        return Optional.of(new StatusPage.Incident(CustomerWords.title(impact, names), CustomerWords.impact(peak),
                StatusWords.publicWord(i.status()), names, i.startedAt(), i.active() ? null : i.resolvedAt(),
                CustomerWords.publicUpdates(stored, names)));
    }

    /** The most severe of the incident's current severity and those of its updates; null when none is known. */
    static String peakSeverity(IncidentState i, List<CustomerWords.StoredUpdate> stored) {
        Severity peak = Severity.parse(i.severity()).orElse(null);
        for (CustomerWords.StoredUpdate u : stored) {
            Severity s = Severity.parse(u.severity()).orElse(null);
            if (s != null && (peak == null || s.ordinal() < peak.ordinal())) {
                peak = s;
            }
        }
        return peak == null ? null : peak.name();
    }

    /** Active incidents (most severe, then oldest first), then those resolved within the window (latest first). */
    static List<IncidentState> listed(Inputs in) {
        List<IncidentState> shown = new ArrayList<>(in.incidents().stream().filter(IncidentState::active)
                .sorted(Comparator.comparing((IncidentState i) -> Severity.orLowest(i.severity()))
                        .thenComparing(i -> i.startedAt() == null ? Instant.EPOCH : i.startedAt()))
                .toList());
        Instant cutoff = in.now().minus(in.resolvedWindow());
        in.incidents().stream()
                .filter(i -> !i.active() && i.resolvedAt() != null && !i.resolvedAt().isBefore(cutoff))
                .sorted(Comparator.comparing(IncidentState::resolvedAt).reversed())
                .forEach(shown::add);
        return shown;
    }

    private static Map<String, Uptime> uptimes(Inputs in, List<StatusComponent> components) {
        Map<String, Uptime> out = new LinkedHashMap<>();
        for (StatusComponent c : components) {
            out.put(c.name(), UptimeCalculator.compute(c, in.now(), in.uptimeDays(), in.impacts(), in.overrides(),
                    in.maintenances()));
        }
        return out;
    }

    private static List<StatusComponent> publicComponents(Inputs in) {
        return in.components().stream().filter(StatusComponent::isPublic).sorted(ORDER).toList();
    }

    private static List<StatusComponent> sorted(List<StatusComponent> components) {
        return components.stream().sorted(ORDER).toList();
    }

    /** The banner: "All systems operational", "Major outage", ... */
    public static String description(ComponentStatus overall) {
        return switch (overall) {
            case operational -> "All systems operational";
            case under_maintenance -> "Scheduled maintenance in progress";
            case degraded_performance -> "Degraded performance";
            case partial_outage -> "Partial outage";
            case major_outage -> "Major outage";
        };
    }
}
