package io.irsuite.triage.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.irsuite.triage.domain.IncidentAlert;
import io.irsuite.triage.domain.TriageIncident;
import io.irsuite.triage.domain.TriageResult;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Incidents as triage knows them: their alerts and their triage results. */
@ApplicationScoped
public class IncidentRepository {

    /**
     * New alerts of a batch of events, in one statement (one Hibernate insert per alert was triage's largest
     * statement); a row the batch wrote before (ahead of resolving its incident) and changed since is updated.
     */
    private static final String UPSERT_ALERTS = """
            INSERT INTO incident_alert (id, incident_id, alert_key, service, status, starts_at, body, last_seen_at)
            SELECT id, incident_id, alert_key, service, status, starts_at, body, last_seen_at
            FROM jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb)) AS t(id uuid, incident_id uuid, alert_key text,
                 service text, status text, starts_at timestamptz, body text, last_seen_at timestamptz)
            ON CONFLICT (id) DO UPDATE SET service = excluded.service, status = excluded.status,
                starts_at = excluded.starts_at, body = excluded.body, last_seen_at = excluded.last_seen_at""";

    @Inject
    ObjectMapper mapper;

    /**
     * The rows of these incidents, created if new (without title or services: the events' own
     * updates give them), locked until the transaction ends, in id order so that two batches cannot
     * deadlock.
     */
    public Uni<List<TriageIncident>> lockOrCreateAll(Collection<UUID> incidentIds) {
        if (incidentIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // one JSON array parameter, not a list: one statement text (and one cached plan) for every batch size
        String ids = new java.util.TreeSet<>(incidentIds).stream().map(id -> "\"" + id + "\"")
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));   // UUIDs need no escaping
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "INSERT INTO triage_incident (incident_id, title, services, version, resolved, created_at, updated_at) "
                                + "SELECT CAST(id AS uuid), NULL, '', 0, false, now(), now() "
                                + "FROM jsonb_array_elements_text(CAST(CAST(:ids AS text) AS jsonb)) AS t(id) "
                                + "ORDER BY 1 ON CONFLICT (incident_id) DO NOTHING")
                .setParameter("ids", ids)
                .executeUpdate()
                .chain(() -> session.createNativeQuery("SELECT * FROM triage_incident WHERE incident_id IN "
                                + "(SELECT CAST(id AS uuid) FROM jsonb_array_elements_text(CAST(CAST(:ids AS text) AS jsonb)) AS t(id)) "
                                + "ORDER BY incident_id FOR UPDATE", TriageIncident.class)
                        .setParameter("ids", ids)
                        .getResultList()));
    }

    /** The incident's row, locked until the transaction ends; null if triage does not know it. */
    public Uni<TriageIncident> lock(UUID incidentId) {
        return TriageIncident.findById(incidentId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Up to {@code limit} incidents waiting for a triage whose pace allows one {@code now}, locked;
     * rows others hold are skipped. Incidents never triaged come first (a new incident's first triage is
     * what pages and remediates; during a storm it must not wait behind re-triages of incidents that
     * already have one), then the longest waiting. With {@code firstOnly}, only incidents never triaged.
     */
    public Uni<List<TriageIncident>> lockRetriageRequested(int limit, Instant now, boolean firstOnly) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT * FROM triage_incident WHERE retriage_requested_at IS NOT NULL "
                                + "AND (last_triaged_at IS NULL OR (NOT :firstOnly AND (retriage_not_before IS NULL OR retriage_not_before <= :now))) "
                                + "ORDER BY last_triaged_at IS NOT NULL, retriage_requested_at LIMIT :limit FOR UPDATE SKIP LOCKED", TriageIncident.class)
                .setParameter("firstOnly", firstOnly)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList());
    }

    /** Open incidents with an alert on one of {@code services} that started between {@code from} and {@code to}. */
    public Uni<List<UUID>> openWithAlertsStarting(Collection<String> services, Instant from, Instant to, int limit) {
        if (services.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT DISTINCT i.incident_id FROM triage_incident i JOIN incident_alert a ON a.incident_id = i.incident_id "
                                + "WHERE NOT i.resolved AND a.service IN (:services) AND a.starts_at BETWEEN :from AND :to "
                                + "ORDER BY i.incident_id LIMIT :limit", UUID.class)
                .setParameter("services", List.copyOf(services))
                .setParameter("from", from)
                .setParameter("to", to)
                .setParameter("limit", limit)
                .getResultList());
    }

    /** Moves a pending ask to the back of the queue and holds it until {@code notBefore}. */
    public Uni<Void> postpone(UUID incidentId, Instant at, Instant notBefore) {
        return TriageIncident.update("retriageRequestedAt = ?1, lastTriagedAt = ?1, retriageNotBefore = ?2 where incidentId = ?3 "
                + "and retriageRequestedAt is not null", at, notBefore, incidentId).replaceWithVoid();
    }

    /** The stored alerts of these incidents with one of these keys (a superset of the pairs asked for). */
    public Uni<List<IncidentAlert>> findAlerts(Collection<UUID> incidentIds, Collection<String> alertKeys) {
        if (incidentIds.isEmpty() || alertKeys.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return IncidentAlert.list("incidentId in ?1 and alertKey in ?2", List.copyOf(incidentIds),
                List.copyOf(alertKeys));
    }

    /**
     * The incident's alerts inserted or updated after the change numbered {@code sinceChange} (all of them from
     * -1). Read-only: a triage reads them (thousands in a storm) and changes none, so the flush at commit need
     * not compare each with a snapshot.
     */
    public Uni<List<IncidentAlert>> alertsChangedSince(UUID incidentId, long sinceChange) {
        return Panache.getSession().chain(session -> session.createSelectionQuery(
                        "FROM IncidentAlert WHERE incidentId = :incident AND changeSeq > :since", IncidentAlert.class)
                .setParameter("incident", incidentId)
                .setParameter("since", sinceChange)
                .setReadOnly(true)
                .getResultList());
    }

    /** Firing alerts of other incidents on {@code services}, seen since {@code seenSince}. */
    public Uni<List<IncidentAlert>> firingElsewhere(Collection<String> services, UUID exceptIncident, Instant seenSince) {
        if (services.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return IncidentAlert.list("service in ?1 and status = ?2 and incidentId <> ?3 and lastSeenAt >= ?4",
                List.copyOf(services), IncidentAlert.FIRING, exceptIncident, seenSince);
    }

    /** Marks every alert of the incident resolved; returns how many changed. */
    /** Writes these alert rows, new in a batch and not in the session, in one statement. */
    public Uni<Void> upsertAlerts(Collection<IncidentAlert> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ArrayNode json = mapper.createArrayNode();
        for (IncidentAlert row : rows) {
            json.addObject().put("id", row.id.toString())
                    .put("incident_id", row.incidentId.toString())
                    .put("alert_key", row.alertKey)
                    .put("service", row.service)
                    .put("status", row.status)
                    .put("starts_at", row.startsAt == null ? null : row.startsAt.toString())
                    .put("body", row.body)
                    .put("last_seen_at", row.lastSeenAt.toString());
        }
        String text;
        try {
            text = mapper.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(UPSERT_ALERTS).setParameter("rows", text).executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Integer> resolveAll(UUID incidentId) {
        return IncidentAlert.update("status = ?1 where incidentId = ?2 and status <> ?1", IncidentAlert.RESOLVED, incidentId);
    }

    public Uni<TriageResult> latestResult(UUID incidentId) {
        return TriageResult.find("incidentId", Sort.descending("version"), incidentId).firstResult();
    }
}
