package io.irsuite.comms.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one incident event changes the impact history (the {@code status_impact} rows). Pure. An incident
 * hits its services at its severity while it is active; when its activity, severity or services change,
 * its open intervals close and, if it is still active, new ones open. The first impact of an incident
 * starts at its {@code startedAt} (first evidence) when that is earlier than the event; a resolution ends
 * at the incident's {@code resolvedAt}; anything else happens at the event's time.
 *
 * @param closeAt  when the open intervals of the incident end
 * @param openFrom when the new intervals start
 * @param services the services the new intervals cover (empty once the incident is resolved)
 * @param severity their severity
 */
public record ImpactChange(Instant closeAt, Instant openFrom, List<String> services, String severity) {

    public ImpactChange {
        services = services.stream().distinct().toList();
    }

    public static Optional<ImpactChange> between(IncidentState before, IncidentState after, Instant at) {
        if (same(before, after)) {
            return Optional.empty();
        }
        Instant closeAt = !after.active() && after.resolvedAt() != null ? after.resolvedAt() : at;
        if (!after.active() || after.services().isEmpty()) {
            return Optional.of(new ImpactChange(closeAt, at, List.of(), after.severity()));
        }
        boolean first = before.status() == null && before.services().isEmpty();
        Instant openFrom = first && after.startedAt() != null && after.startedAt().isBefore(at) ? after.startedAt() : at;
        return Optional.of(new ImpactChange(closeAt, openFrom, after.services(), after.severity()));
    }

    /** Nothing the history records changed: both inactive, or both active on the same services at the same severity. */
    static boolean same(IncidentState before, IncidentState after) {
        boolean impactBefore = before.active() && !before.services().isEmpty();
        boolean impactAfter = after.active() && !after.services().isEmpty();
        if (!impactBefore && !impactAfter) {
            return true;
        }
        return impactBefore == impactAfter && Objects.equals(before.severity(), after.severity())
                && before.services().stream().distinct().sorted().toList()
                .equals(after.services().stream().distinct().sorted().toList());
    }
}
