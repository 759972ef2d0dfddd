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

    /** The firing alerts of an incident, row-locked. */
    public Uni<List<Alert>> firingOfForUpdate(UUID incidentId) {
        return Alert.<Alert>find("incidentId = ?1 and status = 'firing' order by startsAt, id", incidentId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    /** Up to {@code limit} alerts not grouped yet (and not muted), oldest first, row-locked; rows another transaction holds are skipped. */
    public Uni<List<Alert>> ungroupedForUpdate(int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT * FROM alert WHERE incident_id IS NULL AND NOT silenced ORDER BY first_seen_at, id LIMIT :n "
                                + "FOR UPDATE SKIP LOCKED", Alert.class)
                .setParameter("n", limit)
                .getResultList());
    }

    /** The active row of a fingerprint (null when none). */
    public Uni<Alert> findActive(String fingerprint) {
        return Alert.<Alert>find("fingerprint = ?1 and active = true", fingerprint).firstResult();
    }

    /** Writes pending changes now: the unique index must see a deactivated row before its successor. */
    public Uni<Void> flush() {
        return Panache.getSession().chain(Mutiny.Session::flush);
    }
}
