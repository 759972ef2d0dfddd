package io.irsuite.detection.repository;

import io.irsuite.detection.domain.Alert;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class AlertRepository {

    /** The active row of a fingerprint, row-locked (null when none). */
    public Uni<Alert> findActiveForUpdate(String fingerprint) {
        return Alert.<Alert>find("fingerprint = ?1 and active = true", fingerprint)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    public Uni<List<Alert>> byIncident(UUID incidentId) {
        return Alert.list("incidentId = ?1 order by startsAt, firstSeenAt, id", incidentId);
    }

    /** Writes pending changes now: the unique index must see a deactivated row before its successor. */
    public Uni<Void> flush() {
        return Panache.getSession().chain(Mutiny.Session::flush);
    }
}
