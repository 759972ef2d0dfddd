package io.irsuite.comms.repository;

import io.irsuite.comms.domain.IncidentUpdate;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class IncidentUpdateRepository implements PanacheRepositoryBase<IncidentUpdate, UUID> {

    @WithSession
    public Uni<List<IncidentUpdate>> forIncidents(Collection<UUID> incidentIds) {
        if (incidentIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("incidentId in ?1 order by at, id", incidentIds);
    }
}
