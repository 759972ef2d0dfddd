package io.irsuite.detection.repository;

import io.irsuite.platform.inbox.Inbox;
import io.irsuite.events.Payloads;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The local replica of triage's service catalog (set-based SQL on the reactive pool). */
@ApplicationScoped
public class CatalogRepository {

    /** One replicated catalog entry. */
    public record CatalogEntry(String name, Integer tier, String owner, String kind, List<String> dependsOn,
                               String namespace, String deployment, long revision) {
    }

    private final Pool pool;
    private final Inbox inbox;

    public CatalogRepository(Pool pool, Inbox inbox) {
        this.pool = pool;
        this.inbox = inbox;
    }

    /** Runs {@code work} in one transaction after recording the event; skips it if the event was seen. */
    public Uni<Boolean> inTransactionOnce(UUID eventId, String type,
                                          java.util.function.Function<SqlConnection, Uni<?>> work) {
        return pool.withTransaction(conn -> inbox.markProcessed(conn, eventId, type)
                .chain(fresh -> fresh
                        ? work.apply(conn).replaceWith(Boolean.TRUE)
                        : Uni.createFrom().item(Boolean.FALSE)));
    }

    /** Keeps the newest revision: an older or equal revision changes nothing. */
    public Uni<Void> upsert(SqlConnection conn, Payloads.CatalogServiceUpserted e) {
        List<String> deps = e.dependsOn() == null ? List.of() : e.dependsOn();
        Tuple args = Tuple.tuple()
                .addString(e.name())
                .addInteger(e.tier())
                .addString(e.owner())
                .addString(e.kind() == null ? "service" : e.kind())
                .addArrayOfString(deps.toArray(String[]::new))
                .addString(e.kubernetes() == null ? null : e.kubernetes().namespace())
                .addString(e.kubernetes() == null ? null : e.kubernetes().deployment())
                .addLong(e.revision());
        return conn.preparedQuery("""
                        INSERT INTO catalog_service (name, tier, owner, kind, depends_on, namespace, deployment,
                                                     revision, deleted, updated_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, false, now())
                        ON CONFLICT (name) DO UPDATE SET tier = EXCLUDED.tier, owner = EXCLUDED.owner,
                            kind = EXCLUDED.kind, depends_on = EXCLUDED.depends_on, namespace = EXCLUDED.namespace,
                            deployment = EXCLUDED.deployment, revision = EXCLUDED.revision, deleted = false,
                            updated_at = now()
                        WHERE catalog_service.revision < EXCLUDED.revision""")
                .execute(args).replaceWithVoid();
    }

    /** Leaves a tombstone at {@code revision} unless a newer revision is already stored. */
    public Uni<Void> delete(SqlConnection conn, Payloads.CatalogServiceDeleted e) {
        return conn.preparedQuery("""
                        INSERT INTO catalog_service (name, revision, deleted, updated_at) VALUES ($1, $2, true, now())
                        ON CONFLICT (name) DO UPDATE SET revision = EXCLUDED.revision, deleted = true,
                            updated_at = now()
                        WHERE catalog_service.revision < EXCLUDED.revision""")
                .execute(Tuple.of(e.name(), e.revision())).replaceWithVoid();
    }

    /** Live entries (tombstones excluded), by name. */
    public Uni<List<CatalogEntry>> list() {
        return pool.query("SELECT * FROM catalog_service WHERE NOT deleted ORDER BY name").execute()
                .map(rows -> {
                    List<CatalogEntry> out = new ArrayList<>();
                    for (Row r : rows) {
                        String[] deps = r.getArrayOfStrings("depends_on");
                        out.add(new CatalogEntry(r.getString("name"), r.getInteger("tier"), r.getString("owner"),
                                r.getString("kind"), deps == null ? List.of() : Arrays.asList(deps),
                                r.getString("namespace"), r.getString("deployment"), r.getLong("revision")));
                    }
                    return out;
                });
    }

}
