package io.irsuite.comms.repository;

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
import static io.irsuite.comms.repository.OnCallSql.instant;
import static io.irsuite.comms.repository.OnCallSql.rows;
import static io.irsuite.comms.repository.OnCallSql.utc;

/**
 * On-call schedules (table {@code oncall_schedule}, definitions as JSON text) and the users each names
 * ({@code schedule_member}). Each method runs on the client it is given; writes belong in one transaction.
 */
@ApplicationScoped
public class ScheduleRepository {

    private static final String COLUMNS = "name, definition, created_at, updated_at";

    /** Creates or replaces the schedule and the users it names; a user deleted meanwhile is a 409. */
    public Uni<Upserted<StoredDefinition>> upsert(SqlClient db, String name, String definition, Collection<String> users,
                                                  Instant now) {
        Uni<Upserted<StoredDefinition>> write = db.preparedQuery("""
                        INSERT INTO oncall_schedule (name, definition, created_at, updated_at) VALUES ($1, $2, $3, $3)
                        ON CONFLICT (name) DO UPDATE SET definition = EXCLUDED.definition, updated_at = EXCLUDED.updated_at
                        RETURNING (xmax = 0) AS created,\s""" + COLUMNS)
                .execute(Tuple.of(name, definition, utc(now)))
                .map(rs -> {
                    Row r = rs.iterator().next();
                    return new Upserted<>(read(r), r.getBoolean("created"));
                })
                .call(() -> db.preparedQuery("DELETE FROM schedule_member WHERE schedule = $1").execute(Tuple.of(name)))
                .call(() -> db.preparedQuery(
                                "INSERT INTO schedule_member (schedule, user_name) SELECT $1, unnest($2::text[])")
                        .execute(Tuple.of(name, array(users))));
        return OnCallSql.conflictOnForeignKey(write,
                "a user schedule " + name + " names was deleted meanwhile; read the users and try again");
    }

    public Uni<StoredDefinition> find(SqlClient db, String name) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM oncall_schedule WHERE name = $1")
                .execute(Tuple.of(name))
                .map(rs -> rs.size() == 0 ? null : read(rs.iterator().next()));
    }

    public Uni<List<StoredDefinition>> list(SqlClient db) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM oncall_schedule ORDER BY name")
                .execute().map(rs -> rows(rs, ScheduleRepository::read));
    }

    public Uni<List<StoredDefinition>> findAll(SqlClient db, Collection<String> names) {
        if (names.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return db.preparedQuery("SELECT " + COLUMNS + " FROM oncall_schedule WHERE name = ANY($1)")
                .execute(Tuple.of(array(names))).map(rs -> rows(rs, ScheduleRepository::read));
    }

    /** Which of {@code names} exist; {@code FOR KEY SHARE} keeps them until the caller's transaction ends. */
    public Uni<Set<String>> existing(SqlClient db, Collection<String> names) {
        if (names.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return db.preparedQuery("SELECT name FROM oncall_schedule WHERE name = ANY($1) FOR KEY SHARE")
                .execute(Tuple.of(array(names)))
                .map(rs -> rows(rs, r -> r.getString("name")).stream().collect(Collectors.toSet()));
    }

    /** The escalation policies that name the schedule. */
    public Uni<List<String>> policiesNaming(SqlClient db, String name) {
        return db.preparedQuery("SELECT DISTINCT policy FROM policy_target WHERE schedule = $1 ORDER BY policy")
                .execute(Tuple.of(name)).map(rs -> rows(rs, r -> r.getString("policy")));
    }

    /** Deletes the schedule; false when there was none. A policy naming it makes the database refuse: 409. */
    public Uni<Boolean> delete(SqlClient db, String name) {
        return OnCallSql.conflictOnForeignKey(
                db.preparedQuery("DELETE FROM oncall_schedule WHERE name = $1").execute(Tuple.of(name))
                        .map(rs -> rs.rowCount() > 0),
                "schedule " + name + " is still named by an escalation policy");
    }

    static StoredDefinition read(Row r) {
        return new StoredDefinition(r.getString("name"), r.getString("definition"), instant(r, "created_at"),
                instant(r, "updated_at"));
    }
}
