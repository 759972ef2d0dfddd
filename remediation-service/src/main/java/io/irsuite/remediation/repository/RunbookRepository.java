package io.irsuite.remediation.repository;

import io.irsuite.remediation.domain.Runbook;
import io.irsuite.remediation.domain.RunbookVersion;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;

/** Runbooks and their immutable versions. */
@ApplicationScoped
@WithSession
public class RunbookRepository implements PanacheRepositoryBase<Runbook, String> {

    /** An enabled runbook with the author ({@code created_by}) of its current version. */
    public record Authored(Runbook runbook, String createdBy) {
    }

    /** Creates the runbook row at version 0 unless it exists; true when this call created it. */
    public Uni<Boolean> createIfAbsent(String id, String definition) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO runbook (id, current_version, enabled, definition, created_at, updated_at)
                        VALUES (:id, 0, true, :definition, now(), now()) ON CONFLICT (id) DO NOTHING""")
                .setParameter("id", id)
                .setParameter("definition", definition)
                .executeUpdate()).map(inserted -> inserted > 0);
    }

    /**
     * Creates the runbook row directly at version 1 unless the id exists (then nothing changes, even
     * under a concurrent insert of the same id); true when this call created it.
     */
    public Uni<Boolean> createAtVersionOneIfAbsent(String id, boolean enabled, String definition) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO runbook (id, current_version, enabled, definition, created_at, updated_at)
                        VALUES (:id, 1, :enabled, :definition, now(), now()) ON CONFLICT (id) DO NOTHING""")
                .setParameter("id", id)
                .setParameter("enabled", enabled)
                .setParameter("definition", definition)
                .executeUpdate()).map(inserted -> inserted > 0);
    }

    /** The runbook, locked for the rest of the transaction (versions are numbered under this lock). */
    public Uni<Runbook> findForUpdate(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<List<Runbook>> listByIdOrder() {
        return listAll(Sort.by("id"));
    }

    public Uni<List<Runbook>> enabled() {
        return list("enabled = true and currentVersion > 0", Sort.by("id"));
    }

    /** The enabled runbooks with the author of their current version (selection prefers a person's runbook). */
    public Uni<List<Authored>> enabledWithAuthor() {
        return Panache.getSession().chain(session -> session.createSelectionQuery("""
                        select r, v.createdBy from Runbook r, RunbookVersion v
                        where v.runbookId = r.id and v.version = r.currentVersion
                          and r.enabled = true and r.currentVersion > 0
                        order by r.id""", Object[].class)
                .getResultList()).map(rows -> rows.stream()
                .map(row -> new Authored((Runbook) row[0], (String) row[1])).toList());
    }

    public Uni<RunbookVersion> version(String id, int version) {
        return RunbookVersion.findById(new RunbookVersion.Key(id, version));
    }
}
