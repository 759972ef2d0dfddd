package io.irsuite.comms.repository;

import io.irsuite.comms.domain.oncall.OnCallInputs;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import static io.irsuite.comms.repository.OnCallSql.instant;
import static io.irsuite.comms.repository.OnCallSql.rows;
import static io.irsuite.comms.repository.OnCallSql.utc;

/** Routes: a catalog owner (team) to the escalation policy that pages it (table {@code paging_route}). */
@ApplicationScoped
public class RouteRepository {

    /** A stored route. */
    public record StoredRoute(String owner, String policy, Instant createdAt, Instant updatedAt) {
    }

    private static final String COLUMNS = "owner, policy, created_at, updated_at";

    /** Creates or replaces the route; a policy deleted meanwhile is a 409. */
    public Uni<Upserted<StoredRoute>> upsert(SqlClient db, String owner, String policy, Instant now) {
        return OnCallSql.conflictOnForeignKey(db.preparedQuery("""
                                INSERT INTO paging_route (owner, policy, created_at, updated_at) VALUES ($1, $2, $3, $3)
                                ON CONFLICT (owner) DO UPDATE SET policy = EXCLUDED.policy, updated_at = EXCLUDED.updated_at
                                RETURNING (xmax = 0) AS created,\s""" + COLUMNS)
                        .execute(Tuple.of(owner, policy, utc(now)))
                        .map(rs -> {
                            Row r = rs.iterator().next();
                            return new Upserted<>(read(r), r.getBoolean("created"));
                        }),
                "escalation policy " + policy + " was deleted meanwhile");
    }

    public Uni<StoredRoute> find(SqlClient db, String owner) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM paging_route WHERE owner = $1")
                .execute(Tuple.of(owner))
                .map(rs -> rs.size() == 0 ? null : read(rs.iterator().next()));
    }

    /** The owner's own route, else the {@code default} route, else null. */
    public Uni<StoredRoute> route(SqlClient db, String owner) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM paging_route WHERE owner = $1 OR owner = $2"
                        + " ORDER BY owner = $1 DESC LIMIT 1")
                .execute(Tuple.of(owner == null ? OnCallInputs.DEFAULT_ROUTE : owner, OnCallInputs.DEFAULT_ROUTE))
                .map(rs -> rs.size() == 0 ? null : read(rs.iterator().next()));
    }

    /** The routes of {@code owners} and the {@code default} route, those that exist, in one query. */
    public Uni<List<StoredRoute>> routes(SqlClient db, Collection<String> owners) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM paging_route WHERE owner = ANY($1) OR owner = $2")
                .execute(Tuple.of(owners.toArray(String[]::new), OnCallInputs.DEFAULT_ROUTE))
                .map(rs -> rows(rs, RouteRepository::read));
    }

    public Uni<List<StoredRoute>> list(SqlClient db) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM paging_route ORDER BY owner")
                .execute().map(rs -> rows(rs, RouteRepository::read));
    }

    public Uni<Boolean> delete(SqlClient db, String owner) {
        return db.preparedQuery("DELETE FROM paging_route WHERE owner = $1").execute(Tuple.of(owner))
                .map(rs -> rs.rowCount() > 0);
    }

    private static StoredRoute read(Row r) {
        return new StoredRoute(r.getString("owner"), r.getString("policy"), instant(r, "created_at"),
                instant(r, "updated_at"));
    }
}
