package io.irsuite.remediation.repository;

import io.irsuite.remediation.domain.CatalogEntry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The catalog replica. Newest revision wins, enforced in SQL so redeliveries and reordering converge. */
@ApplicationScoped
@WithSession
public class CatalogRepository implements PanacheRepositoryBase<CatalogEntry, String> {

    /** Applies an upsert unless a newer (or equal) revision is already stored; true when applied. */
    public Uni<Boolean> upsert(String name, String namespace, String deployment, String kind, String owner, long revision) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO catalog_service (name, namespace, deployment, kind, owner, revision, deleted, updated_at)
                        VALUES (:name, CAST(:namespace AS text), CAST(:deployment AS text), CAST(:kind AS text),
                                CAST(:owner AS text), :revision, false, now())
                        ON CONFLICT (name) DO UPDATE SET namespace = EXCLUDED.namespace, deployment = EXCLUDED.deployment,
                            kind = EXCLUDED.kind, owner = EXCLUDED.owner, revision = EXCLUDED.revision,
                            deleted = false, updated_at = now()
                        WHERE catalog_service.revision < EXCLUDED.revision""")
                .setParameter("name", name)
                .setParameter("namespace", namespace)
                .setParameter("deployment", deployment)
                .setParameter("kind", kind)
                .setParameter("owner", owner)
                .setParameter("revision", revision)
                .executeUpdate()).map(n -> n > 0);
    }

    /** Marks the entry deleted (a tombstone keeps its revision); true when applied. */
    public Uni<Boolean> tombstone(String name, long revision) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO catalog_service (name, revision, deleted, updated_at)
                        VALUES (:name, :revision, true, now())
                        ON CONFLICT (name) DO UPDATE SET deleted = true, revision = EXCLUDED.revision,
                            namespace = NULL, deployment = NULL, updated_at = now()
                        WHERE catalog_service.revision < EXCLUDED.revision""")
                .setParameter("name", name)
                .setParameter("revision", revision)
                .executeUpdate()).map(n -> n > 0);
    }
}
