package io.irsuite.comms.repository;

import io.irsuite.comms.domain.ChannelType;
import io.irsuite.comms.domain.oncall.ChannelContact;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.irsuite.comms.repository.OnCallSql.array;
import static io.irsuite.comms.repository.OnCallSql.rows;
import static io.irsuite.comms.repository.OnCallSql.utc;

/**
 * Escalation policies (table {@code escalation_policy}, definitions as JSON text), the users and schedules each
 * names ({@code policy_target}), and the channels a policy may page. Each method runs on the client it is given.
 */
@ApplicationScoped
public class EscalationPolicyRepository {

    private static final String COLUMNS = "name, definition, created_at, updated_at";

    /** Creates or replaces the policy and the users and schedules it names; one deleted meanwhile is a 409. */
    public Uni<Upserted<StoredDefinition>> upsert(SqlClient db, String name, String definition,
                                                  Collection<String> users, Collection<String> schedules, Instant now) {
        Uni<Upserted<StoredDefinition>> write = db.preparedQuery("""
                        INSERT INTO escalation_policy (name, definition, created_at, updated_at) VALUES ($1, $2, $3, $3)
                        ON CONFLICT (name) DO UPDATE SET definition = EXCLUDED.definition, updated_at = EXCLUDED.updated_at
                        RETURNING (xmax = 0) AS created,\s""" + COLUMNS)
                .execute(Tuple.of(name, definition, utc(now)))
                .map(rs -> {
                    Row r = rs.iterator().next();
                    return new Upserted<>(ScheduleRepository.read(r), r.getBoolean("created"));
                })
                .call(() -> db.preparedQuery("DELETE FROM policy_target WHERE policy = $1").execute(Tuple.of(name)))
                .call(() -> db.preparedQuery(
                                "INSERT INTO policy_target (policy, user_name) SELECT $1, unnest($2::text[])")
                        .execute(Tuple.of(name, array(users))))
                .call(() -> db.preparedQuery(
                                "INSERT INTO policy_target (policy, schedule) SELECT $1, unnest($2::text[])")
                        .execute(Tuple.of(name, array(schedules))));
        return OnCallSql.conflictOnForeignKey(write,
                "a user or schedule policy " + name + " names was deleted meanwhile; read them and try again");
    }

    public Uni<StoredDefinition> find(SqlClient db, String name) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM escalation_policy WHERE name = $1")
                .execute(Tuple.of(name))
                .map(rs -> rs.size() == 0 ? null : ScheduleRepository.read(rs.iterator().next()));
    }

    public Uni<List<StoredDefinition>> list(SqlClient db) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM escalation_policy ORDER BY name")
                .execute().map(rs -> rows(rs, ScheduleRepository::read));
    }

    /** Whether the policy exists; {@code FOR KEY SHARE} keeps it until the caller's transaction ends. */
    public Uni<Boolean> exists(SqlClient db, String name) {
        return db.preparedQuery("SELECT 1 FROM escalation_policy WHERE name = $1 FOR KEY SHARE")
                .execute(Tuple.of(name)).map(rs -> rs.size() > 0);
    }

    /** The routes (owners) that page through the policy. */
    public Uni<List<String>> routesNaming(SqlClient db, String name) {
        return db.preparedQuery("SELECT owner FROM paging_route WHERE policy = $1 ORDER BY owner")
                .execute(Tuple.of(name)).map(rs -> rows(rs, r -> r.getString("owner")));
    }

    /** Deletes the policy; false when there was none. A route naming it makes the database refuse: 409. */
    public Uni<Boolean> delete(SqlClient db, String name) {
        return OnCallSql.conflictOnForeignKey(
                db.preparedQuery("DELETE FROM escalation_policy WHERE name = $1").execute(Tuple.of(name))
                        .map(rs -> rs.rowCount() > 0),
                "escalation policy " + name + " is still named by a route");
    }

    /** Which of {@code names} are notification channels. */
    public Uni<Set<String>> existingChannels(SqlClient db, Collection<String> names) {
        if (names.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return db.preparedQuery("SELECT name FROM channel WHERE name = ANY($1)")
                .execute(Tuple.of(array(names)))
                .map(rs -> rows(rs, r -> r.getString("name")).stream().collect(Collectors.toSet()));
    }

    /** The channels among {@code names}, as page targets. */
    public Uni<List<ChannelContact>> channels(SqlClient db, Collection<String> names) {
        if (names.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return db.preparedQuery("SELECT name, type, url, address FROM channel WHERE name = ANY($1)")
                .execute(Tuple.of(array(names)))
                .map(rs -> rows(rs, r -> {
                    ChannelType type = ChannelType.parse(r.getString("type")).orElse(ChannelType.webhook);
                    String target = type == ChannelType.email ? r.getString("address") : r.getString("url");
                    return new ChannelContact(r.getString("name"), type, target);
                }));
    }
}
