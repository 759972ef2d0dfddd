package io.irsuite.comms.repository;

import io.irsuite.comms.domain.ImpactChange;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Writes the impact history in the transaction of the incident event that changed it (the caller holds the
 * incident's row lock, so replicas take turns per incident). Native statements, executed in order: the
 * open intervals are closed before the new ones are inserted.
 */
@ApplicationScoped
public class StatusImpactRepository {

    public Uni<Void> apply(UUID incidentId, ImpactChange change) {
        return Panache.getSession().chain(session -> {
            Uni<Integer> done = session.createNativeQuery("UPDATE status_impact SET to_at = GREATEST(from_at, ?1) "
                            + "WHERE incident_id = ?2 AND to_at IS NULL")
                    .setParameter(1, change.closeAt())
                    .setParameter(2, incidentId)
                    .executeUpdate();
            for (String service : change.services()) {
                done = done.chain(() -> session.createNativeQuery("INSERT INTO status_impact "
                                + "(id, incident_id, service, severity, from_at, to_at) VALUES (?1, ?2, ?3, NULLIF(?4, ''), ?5, NULL)")
                        .setParameter(1, UUID.randomUUID())
                        .setParameter(2, incidentId)
                        .setParameter(3, service)
                        .setParameter(4, change.severity() == null ? "" : change.severity())
                        .setParameter(5, change.openFrom())
                        .executeUpdate());
            }
            return done.replaceWithVoid();
        });
    }
}
