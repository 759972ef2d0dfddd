package io.irsuite.detection.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.irsuite.detection.domain.Alert;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class AlertRepository {

    /**
     * What a grouping run decided for the rows it loaded, in one statement: a row at a time, each update was a
     * statement of its own carrying every column (bench/README, "Where PostgreSQL's time goes").
     */
    private static final String WRITE_GROUPING = """
            UPDATE alert a SET incident_id = t.incident_id, grouping_reason = t.grouping_reason,
                               inhibited_by = t.inhibited_by, inhibit_rule = t.inhibit_rule
            FROM jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb))
                 AS t(id uuid, incident_id uuid, grouping_reason text, inhibited_by text, inhibit_rule text)
            WHERE a.id = t.id""";

    private final ObjectMapper mapper;

    public AlertRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

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

    /**
     * Up to {@code limit} alerts not grouped yet (and not muted), oldest first, row-locked; rows another transaction
     * holds are skipped. Detached: the session does not write them, {@link #writeGrouping} does.
     */
    public Uni<List<Alert>> ungroupedForUpdate(int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT * FROM alert WHERE incident_id IS NULL AND NOT silenced ORDER BY first_seen_at, id LIMIT :n "
                                + "FOR UPDATE SKIP LOCKED", Alert.class)
                .setParameter("n", limit)
                .getResultList()
                .invoke(rows -> rows.forEach(s::detach)));
    }

    /**
     * Writes the incident, grouping reason and inhibition of these rows (loaded by {@link #ungroupedForUpdate}), after
     * the session's pending changes (the incidents they join may be new).
     */
    public Uni<Void> writeGrouping(Collection<Alert> rows) {
        ArrayNode json = mapper.createArrayNode();
        for (Alert row : rows) {
            json.addObject().put("id", row.id.toString())
                    .put("incident_id", row.incidentId == null ? null : row.incidentId.toString())
                    .put("grouping_reason", row.groupingReason)
                    .put("inhibited_by", row.inhibitedBy)
                    .put("inhibit_rule", row.inhibitRule);
        }
        String text;
        try {
            text = mapper.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return flush().chain(() -> Panache.getSession()).chain(s -> s.createNativeQuery(WRITE_GROUPING)
                .setParameter("rows", text)
                .executeUpdate()).replaceWithVoid();
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
