package io.irsuite.comms.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * A component's status, now and at any past instant. Pure. Precedence: a manual override in effect wins;
 * else scheduled maintenance in progress makes it {@code under_maintenance}; else the worst of its services'
 * active incidents by severity (SEV1 major outage, SEV2 partial outage, SEV3 degraded performance, SEV4
 * operational); else operational.
 */
public final class StatusDerivation {

    /**
     * @param status      what the page shows
     * @param derived     what the incidents alone say (differs from {@code status} under an override or maintenance)
     * @param override    the override in effect, or null
     * @param maintenance the maintenance in progress, or null
     */
    public record Current(ComponentStatus status, ComponentStatus derived, StatusOverride override,
                          Maintenance maintenance) {
    }

    private StatusDerivation() {
    }

    /** The worst status the active incidents touching the component's services give it. */
    public static ComponentStatus derived(StatusComponent c, List<IncidentState> incidents) {
        ComponentStatus worst = ComponentStatus.operational;
        for (IncidentState i : incidents) {
            if (i.active() && c.touchedBy(i.services())) {
                worst = ComponentStatus.worst(worst, ComponentStatus.ofSeverity(i.severity()));
            }
        }
        return worst;
    }

    public static Current current(StatusComponent c, Instant now, List<IncidentState> incidents,
                                  List<StatusOverride> overrides, List<Maintenance> maintenances) {
        ComponentStatus derived = derived(c, incidents);
        StatusOverride override = overrideAt(c, now, overrides);
        Maintenance maintenance = maintenanceAt(c, now, maintenances);
        return new Current(decide(override, maintenance, derived), derived, override, maintenance);
    }

    /** The status at {@code t} from the recorded history (impact intervals, overrides, maintenance windows). */
    public static ComponentStatus at(Instant t, StatusComponent c, List<ImpactInterval> impacts,
                                     List<StatusOverride> overrides, List<Maintenance> maintenances) {
        ComponentStatus derived = ComponentStatus.operational;
        for (ImpactInterval i : impacts) {
            if (i.activeAt(t) && c.services().contains(i.service())) {
                derived = ComponentStatus.worst(derived, ComponentStatus.ofSeverity(i.severity()));
            }
        }
        return decide(overrideAt(c, t, overrides), maintenanceAt(c, t, maintenances), derived);
    }

    static ComponentStatus decide(StatusOverride override, Maintenance maintenance, ComponentStatus derived) {
        if (override != null) {
            return override.status();
        }
        return maintenance != null ? ComponentStatus.under_maintenance : derived;
    }

    /** The override of {@code c} in effect at {@code t}; the latest one if several overlap (history of replaced ones). */
    static StatusOverride overrideAt(StatusComponent c, Instant t, List<StatusOverride> overrides) {
        return overrides.stream()
                .filter(o -> o.component().equals(c.name()) && o.activeAt(t))
                .max(Comparator.comparing(StatusOverride::from))
                .orElse(null);
    }

    /** The maintenance of {@code c} in progress at {@code t}, the one ending last if several overlap. */
    static Maintenance maintenanceAt(StatusComponent c, Instant t, List<Maintenance> maintenances) {
        return maintenances.stream()
                .filter(m -> m.covers(c.name()) && m.activeAt(t))
                .max(Comparator.comparing(Maintenance::to))
                .orElse(null);
    }
}
