package io.irsuite.platform.catalog;

import io.irsuite.events.Payloads;
import io.smallrye.mutiny.Uni;

/**
 * A service's local copy of triage's catalog: what it keeps of an upsert or a deletion. Called by
 * {@link CatalogReplication} inside the transaction that records the event; the newest revision wins.
 */
public interface CatalogReplicaStore {

    Uni<Void> upsert(Payloads.CatalogServiceUpserted service);

    Uni<Void> delete(Payloads.CatalogServiceDeleted deletion);
}
