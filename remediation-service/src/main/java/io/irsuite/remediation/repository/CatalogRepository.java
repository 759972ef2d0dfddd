package io.irsuite.remediation.repository;

import io.irsuite.events.Payloads;
import io.irsuite.platform.catalog.CatalogReplicaStore;
import io.irsuite.remediation.domain.CatalogEntry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The catalog replica (only what remediation needs: the Kubernetes coordinates). Newest revision
 * wins, enforced in SQL so that redeliveries and reordering converge; a deletion leaves a tombstone
 * so that an older upsert delivered late cannot bring the service back.
 */
@ApplicationScoped
@WithSession
public class CatalogRepository implements PanacheRepositoryBase<CatalogEntry, String>, CatalogReplicaStore {

    /** Applies an upsert unless a newer (or equal) revision is already stored. */
    @Override
    public Uni<Void> upsert(Payloads.CatalogServiceUpserted service) {
        Payloads.KubernetesRef k8s = service.kubernetes();
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO catalog_service (name, namespace, deployment, kind, owner, revision, deleted, updated_at)
                        VALUES (:name, CAST(:namespace AS text), CAST(:deployment AS text), CAST(:kind AS text),
                                CAST(:owner AS text), :revision, false, now())
                        ON CONFLICT (name) DO UPDATE SET namespace = EXCLUDED.namespace, deployment = EXCLUDED.deployment,
                            kind = EXCLUDED.kind, owner = EXCLUDED.owner, revision = EXCLUDED.revision,
                            deleted = false, updated_at = now()
                        WHERE catalog_service.revision < EXCLUDED.revision""")
                        .setParameter("name", service.name())
                        .setParameter("namespace", k8s == null ? null : k8s.namespace())
                        .setParameter("deployment", k8s == null ? null : k8s.deployment())
                        .setParameter("kind", service.kind())
                        .setParameter("owner", service.owner())
                        .setParameter("revision", service.revision())
                        .executeUpdate())
                .invoke(n -> Log.debugf("catalog %s revision %d %s", service.name(), service.revision(),
                        n > 0 ? "applied" : "older, ignored"))
                .replaceWithVoid();
    }

    /** Marks the entry deleted (a tombstone keeps its revision) unless a newer (or equal) revision is stored. */
    @Override
    public Uni<Void> delete(Payloads.CatalogServiceDeleted deletion) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO catalog_service (name, revision, deleted, updated_at)
                        VALUES (:name, :revision, true, now())
                        ON CONFLICT (name) DO UPDATE SET deleted = true, revision = EXCLUDED.revision,
                            namespace = NULL, deployment = NULL, updated_at = now()
                        WHERE catalog_service.revision < EXCLUDED.revision""")
                        .setParameter("name", deletion.name())
                        .setParameter("revision", deletion.revision())
                        .executeUpdate())
                .replaceWithVoid();
    }
}
