package io.irsuite.triage.repository;

import io.irsuite.triage.domain.IncidentOutcome;
import io.irsuite.triage.domain.TriageModel;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Confirmed outcomes, action outcomes and the versioned model. */
@ApplicationScoped
public class LearningRepository {

    /** Serialises retraining across replicas, so model versions never repeat. */
    private static final long RETRAIN_LOCK = 0x7269616765L;

    /** One row per tally of {@link #actionTallies()}: category, action, succeeded, failed. */
    public record ActionTally(String category, String action, long succeeded, long failed) {
    }

    public Uni<Integer> latestVersion() {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT coalesce(max(version), 0) FROM triage_model", Integer.class).getSingleResult());
    }

    public Uni<TriageModel> model(int version) {
        return TriageModel.findById(version);
    }

    public Uni<IncidentOutcome> outcome(UUID incidentId) {
        return IncidentOutcome.findById(incidentId);
    }

    /** The newest {@code limit} confirmed outcomes. */
    public Uni<List<IncidentOutcome>> recentOutcomes(int limit) {
        return IncidentOutcome.find("from IncidentOutcome", Sort.descending("recordedAt")).page(0, limit).list();
    }

    /** Records the outcome of an execution once; returns whether it was new. */
    public Uni<Boolean> recordAction(UUID incidentId, UUID executionId, String category, String action,
                                     boolean succeeded, Instant at) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "INSERT INTO action_outcome (id, incident_id, execution_id, category, action, succeeded, recorded_at) "
                                + "VALUES (:id, :incident, :execution, :category, :action, :succeeded, :at) "
                                + "ON CONFLICT (execution_id) DO NOTHING")
                .setParameter("id", UUID.randomUUID())
                .setParameter("incident", incidentId)
                .setParameter("execution", executionId)
                .setParameter("category", category)
                .setParameter("action", action)
                .setParameter("succeeded", succeeded)
                .setParameter("at", at)
                .executeUpdate()).map(n -> n > 0);
    }

    public Uni<List<ActionTally>> actionTallies() {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT category, action, count(*) FILTER (WHERE succeeded), count(*) FILTER (WHERE NOT succeeded) "
                                + "FROM action_outcome GROUP BY category, action ORDER BY category, action", Object[].class)
                .getResultList())
                .map(rows -> rows.stream().map(r -> new ActionTally((String) r[0], (String) r[1],
                        ((Number) r[2]).longValue(), ((Number) r[3]).longValue())).toList());
    }

    /** Deletes every confirmed and action outcome. */
    public Uni<Void> deleteOutcomes() {
        return Panache.getSession().chain(s -> s.createNativeQuery("DELETE FROM incident_outcome").executeUpdate()
                .chain(() -> s.createNativeQuery("DELETE FROM action_outcome").executeUpdate())).replaceWithVoid();
    }

    /** Takes the retraining lock until the transaction ends. */
    public Uni<Void> lockForRetraining() {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT pg_advisory_xact_lock(:key)")
                .setParameter("key", RETRAIN_LOCK).getSingleResult()).replaceWithVoid();
    }
}
