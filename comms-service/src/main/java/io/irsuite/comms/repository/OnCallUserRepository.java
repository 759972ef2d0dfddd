package io.irsuite.comms.repository;

import io.irsuite.comms.domain.oncall.OnCallUser;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.irsuite.comms.repository.OnCallSql.array;
import static io.irsuite.comms.repository.OnCallSql.instant;
import static io.irsuite.comms.repository.OnCallSql.rows;
import static io.irsuite.comms.repository.OnCallSql.utc;

/** Users who can be on call and paged (table {@code oncall_user}). Each method runs on the client it is given. */
@ApplicationScoped
public class OnCallUserRepository {

    /** A stored user with its timestamps. */
    public record Stored(OnCallUser user, Instant createdAt, Instant updatedAt) {
    }

    /** Who names a user: schedules (layers, overrides) and escalation policies. */
    public record Referrers(List<String> schedules, List<String> policies) {
        public boolean none() {
            return schedules.isEmpty() && policies.isEmpty();
        }
    }

    private static final String COLUMNS = "name, email, slack_webhook, webhook, time_zone, created_at, updated_at";

    /** Creates or replaces the user. */
    public Uni<Upserted<Stored>> upsert(SqlClient db, OnCallUser u, Instant now) {
        return db.preparedQuery("""
                        INSERT INTO oncall_user (name, email, slack_webhook, webhook, time_zone, created_at, updated_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $6)
                        ON CONFLICT (name) DO UPDATE SET email = EXCLUDED.email, slack_webhook = EXCLUDED.slack_webhook,
                            webhook = EXCLUDED.webhook, time_zone = EXCLUDED.time_zone, updated_at = EXCLUDED.updated_at
                        RETURNING (xmax = 0) AS created,\s""" + COLUMNS)
                .execute(Tuple.tuple().addString(u.name()).addString(u.email()).addString(u.slackWebhook())
                        .addString(u.webhook()).addString(u.timeZone()).addOffsetDateTime(utc(now)))
                .map(rs -> {
                    Row r = rs.iterator().next();
                    return new Upserted<>(read(r), r.getBoolean("created"));
                });
    }

    public Uni<Stored> find(SqlClient db, String name) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM oncall_user WHERE name = $1")
                .execute(Tuple.of(name))
                .map(rs -> rs.size() == 0 ? null : read(rs.iterator().next()));
    }

    public Uni<List<Stored>> list(SqlClient db) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM oncall_user ORDER BY name")
                .execute().map(rs -> rows(rs, OnCallUserRepository::read));
    }

    /** The users among {@code names}. */
    public Uni<List<OnCallUser>> findAll(SqlClient db, Collection<String> names) {
        if (names.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return db.preparedQuery("SELECT " + COLUMNS + " FROM oncall_user WHERE name = ANY($1)")
                .execute(Tuple.of(array(names)))
                .map(rs -> rows(rs, r -> read(r).user()));
    }

    /** Which of {@code names} exist; {@code FOR KEY SHARE} keeps them until the caller's transaction ends. */
    public Uni<Set<String>> existing(SqlClient db, Collection<String> names) {
        if (names.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return db.preparedQuery("SELECT name FROM oncall_user WHERE name = ANY($1) FOR KEY SHARE")
                .execute(Tuple.of(array(names)))
                .map(rs -> rows(rs, r -> r.getString("name")).stream().collect(Collectors.toSet()));
    }

    public Uni<Referrers> referrers(SqlClient db, String name) {
        return db.preparedQuery("""
                        SELECT 'schedule' AS kind, schedule AS owner FROM schedule_member WHERE user_name = $1
                        UNION SELECT 'policy', policy FROM policy_target WHERE user_name = $1
                        ORDER BY 1, 2""")
                .execute(Tuple.of(name))
                .map(rs -> {
                    List<String> schedules = new ArrayList<>();
                    List<String> policies = new ArrayList<>();
                    for (Row r : rs) {
                        ("schedule".equals(r.getString("kind")) ? schedules : policies).add(r.getString("owner"));
                    }
                    return new Referrers(schedules, policies);
                });
    }

    /** Deletes the user; false when there was none. A schedule or policy naming it makes the database refuse: 409. */
    public Uni<Boolean> delete(SqlClient db, String name) {
        return OnCallSql.conflictOnForeignKey(
                db.preparedQuery("DELETE FROM oncall_user WHERE name = $1").execute(Tuple.of(name))
                        .map(rs -> rs.rowCount() > 0),
                "user " + name + " is still named by a schedule or an escalation policy");
    }

    private static Stored read(Row r) {
        return new Stored(new OnCallUser(r.getString("name"), r.getString("email"), r.getString("slack_webhook"),
                r.getString("webhook"), r.getString("time_zone")), instant(r, "created_at"), instant(r, "updated_at"));
    }
}
