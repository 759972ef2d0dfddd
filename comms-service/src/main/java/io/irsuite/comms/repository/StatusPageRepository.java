package io.irsuite.comms.repository;

import io.irsuite.comms.domain.ComponentStatus;
import io.irsuite.comms.domain.ImpactInterval;
import io.irsuite.comms.domain.Maintenance;
import io.irsuite.comms.domain.StatusComponent;
import io.irsuite.comms.domain.StatusOverride;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Status-page components, overrides, maintenance windows and the impact history, in SQL over the reactive
 * pool. Every write is one statement or one transaction that locks what it depends on, so replicas agree.
 */
@ApplicationScoped
public class StatusPageRepository {

    private static final String COMPONENT_COLUMNS =
            "name, display_name, group_name, is_public, services, created_at, updated_at";
    private static final String OVERRIDE_COLUMNS = "component, status, from_at, until_at, cleared_at, set_by";
    private static final String MAINTENANCE_COLUMNS =
            "id, title, description, components, starts_at, ends_at, created_by, created_at";

    /** A component as stored, and whether this call created it. */
    public record Upserted(StatusComponent component, boolean created) {
    }

    private final Pool pool;

    public StatusPageRepository(Pool pool) {
        this.pool = pool;
    }

    // ---- components ---------------------------------------------------------------------------------

    /** Creates or replaces a component in one statement; {@code created} is true for a new row. */
    public Uni<Upserted> upsertComponent(StatusComponent c, Instant now) {
        return pool.preparedQuery("INSERT INTO status_component (" + COMPONENT_COLUMNS + ") "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (name) DO UPDATE SET "
                        + "display_name = EXCLUDED.display_name, group_name = EXCLUDED.group_name, "
                        + "is_public = EXCLUDED.is_public, services = EXCLUDED.services, updated_at = EXCLUDED.updated_at "
                        + "RETURNING " + COMPONENT_COLUMNS + ", (xmax = 0) AS created")
                .execute(Tuple.from(new Object[]{c.name(), c.displayName(), c.group(), c.isPublic(),
                        c.services().toArray(new String[0]), utc(now)}))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Upserted(component(r), r.getBoolean("created"));
                });
    }

    public Uni<List<StatusComponent>> components() {
        return pool.query("SELECT " + COMPONENT_COLUMNS + " FROM status_component ORDER BY name").execute()
                .map(rows -> list(rows, StatusPageRepository::component));
    }

    public Uni<StatusComponent> component(String name) {
        return pool.preparedQuery("SELECT " + COMPONENT_COLUMNS + " FROM status_component WHERE name = $1")
                .execute(Tuple.of(name))
                .map(rows -> rows.iterator().hasNext() ? component(rows.iterator().next()) : null);
    }

    /** Deletes a component (its overrides go with it) and takes it out of maintenance windows; false if unknown. */
    public Uni<Boolean> deleteComponent(String name) {
        return pool.withTransaction(conn -> conn
                .preparedQuery("DELETE FROM status_component WHERE name = $1").execute(Tuple.of(name))
                .chain(deleted -> deleted.rowCount() == 0 ? Uni.createFrom().item(false)
                        : conn.preparedQuery("UPDATE status_maintenance SET components = array_remove(components, $1) "
                                        + "WHERE $1 = ANY (components)")
                                .execute(Tuple.of(name)).replaceWith(true)));
    }

    // ---- overrides ----------------------------------------------------------------------------------

    /**
     * Replaces the component's override: the current one is cleared and the new one starts at {@code now},
     * under the component's row lock, so concurrent calls leave exactly one in effect. Null if the component
     * does not exist.
     */
    public Uni<StatusOverride> setOverride(String component, ComponentStatus status, Instant until, String by,
                                           Instant now) {
        return pool.withTransaction(conn -> lockComponent(conn, component).chain(found -> {
            if (!found) {
                return Uni.createFrom().nullItem();
            }
            return clear(conn, component, by, now)
                    .chain(() -> conn.preparedQuery("INSERT INTO status_override (id, " + OVERRIDE_COLUMNS + ") "
                                    + "VALUES ($1, $2, $3, $4, $5, NULL, $6) RETURNING " + OVERRIDE_COLUMNS)
                            .execute(Tuple.from(new Object[]{UUID.randomUUID(), component, status.name(), utc(now),
                                    until == null ? null : utc(until), by})))
                    .map(rows -> override(rows.iterator().next()));
        }));
    }

    /** Clears the component's override, if any; false if the component does not exist. */
    public Uni<Boolean> clearOverride(String component, String by, Instant now) {
        return pool.withTransaction(conn -> lockComponent(conn, component).chain(found -> found
                ? clear(conn, component, by, now).replaceWith(true)
                : Uni.createFrom().item(false)));
    }

    /** The overrides in effect at or after {@code since} (the uptime window), the current ones included. */
    public Uni<List<StatusOverride>> overridesSince(Instant since) {
        return pool.preparedQuery("SELECT " + OVERRIDE_COLUMNS + " FROM status_override "
                        + "WHERE LEAST(until_at, cleared_at) IS NULL OR LEAST(until_at, cleared_at) > $1")
                .execute(Tuple.of(utc(since)))
                .map(rows -> list(rows, StatusPageRepository::override));
    }

    private static Uni<Boolean> lockComponent(SqlConnection conn, String component) {
        return conn.preparedQuery("SELECT name FROM status_component WHERE name = $1 FOR UPDATE")
                .execute(Tuple.of(component)).map(rows -> rows.rowCount() > 0);
    }

    private static Uni<Void> clear(SqlConnection conn, String component, String by, Instant now) {
        return conn.preparedQuery("UPDATE status_override SET cleared_at = $2, cleared_by = $3 "
                        + "WHERE component = $1 AND cleared_at IS NULL")
                .execute(Tuple.of(component, utc(now), by)).replaceWithVoid();
    }

    // ---- maintenance --------------------------------------------------------------------------------

    /**
     * Stores a maintenance window after {@code check} accepted it against the components that exist, which
     * stay share-locked until the commit so that none of them is deleted in between.
     */
    public Uni<Maintenance> addMaintenance(Maintenance m, Function<Set<String>, RuntimeException> check) {
        return pool.withTransaction(conn -> conn
                .preparedQuery("SELECT name FROM status_component WHERE name = ANY ($1) FOR SHARE")
                .execute(Tuple.of(m.components().toArray(new String[0])))
                .chain(rows -> {
                    Set<String> existing = new HashSet<>();
                    rows.forEach(r -> existing.add(r.getString("name")));
                    RuntimeException invalid = check.apply(existing);
                    if (invalid != null) {
                        return Uni.createFrom().failure(invalid);
                    }
                    return conn.preparedQuery("INSERT INTO status_maintenance (" + MAINTENANCE_COLUMNS + ") "
                                    + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING " + MAINTENANCE_COLUMNS)
                            .execute(Tuple.from(new Object[]{m.id(), m.title(), m.description(),
                                    m.components().toArray(new String[0]), utc(m.from()), utc(m.to()), m.createdBy(),
                                    utc(m.createdAt())}))
                            .map(inserted -> maintenance(inserted.iterator().next()));
                }));
    }

    public Uni<List<Maintenance>> maintenances() {
        return pool.query("SELECT " + MAINTENANCE_COLUMNS + " FROM status_maintenance ORDER BY starts_at, id").execute()
                .map(rows -> list(rows, StatusPageRepository::maintenance));
    }

    public Uni<Maintenance> maintenance(UUID id) {
        return pool.preparedQuery("SELECT " + MAINTENANCE_COLUMNS + " FROM status_maintenance WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? maintenance(rows.iterator().next()) : null);
    }

    /** Maintenance windows that end after {@code since}: the uptime window's, those in progress and upcoming. */
    public Uni<List<Maintenance>> maintenancesEndingAfter(Instant since) {
        return pool.preparedQuery("SELECT " + MAINTENANCE_COLUMNS + " FROM status_maintenance WHERE ends_at > $1 "
                        + "ORDER BY starts_at, id")
                .execute(Tuple.of(utc(since)))
                .map(rows -> list(rows, StatusPageRepository::maintenance));
    }

    /** Deletes a window that has not started yet; false when there is none such. */
    public Uni<Boolean> deleteScheduledMaintenance(UUID id, Instant now) {
        return pool.preparedQuery("DELETE FROM status_maintenance WHERE id = $1 AND starts_at > $2")
                .execute(Tuple.of(id, utc(now))).map(rows -> rows.rowCount() > 0);
    }

    /** Ends a window in progress at {@code now} (its past stays in the uptime history); false when there is none such. */
    public Uni<Boolean> endMaintenanceInProgress(UUID id, Instant now) {
        return pool.preparedQuery("UPDATE status_maintenance SET ends_at = $2 WHERE id = $1 AND starts_at <= $2 "
                        + "AND ends_at > $2")
                .execute(Tuple.of(id, utc(now))).map(rows -> rows.rowCount() > 0);
    }

    // ---- impact history -----------------------------------------------------------------------------

    /** The impact intervals of {@code services} that were open at or after {@code since}. */
    public Uni<List<ImpactInterval>> impactsSince(Collection<String> services, Instant since) {
        if (services.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery("SELECT incident_id, service, severity, from_at, to_at FROM status_impact "
                        + "WHERE service = ANY ($1) AND (to_at IS NULL OR to_at > $2)")
                .execute(Tuple.of(services.toArray(new String[0]), utc(since)))
                .map(rows -> list(rows, r -> new ImpactInterval(r.getUUID("incident_id"), r.getString("service"),
                        r.getString("severity"), instant(r, "from_at"), instant(r, "to_at"))));
    }

    // ---- rows ---------------------------------------------------------------------------------------

    private static StatusComponent component(Row r) {
        String[] services = r.getArrayOfStrings("services");
        return new StatusComponent(r.getString("name"), r.getString("display_name"), r.getString("group_name"),
                r.getBoolean("is_public"), services == null ? List.of() : Arrays.asList(services),
                instant(r, "created_at"), instant(r, "updated_at"));
    }

    private static StatusOverride override(Row r) {
        return new StatusOverride(r.getString("component"),
                ComponentStatus.parse(r.getString("status")).orElse(ComponentStatus.operational),
                instant(r, "from_at"), instant(r, "until_at"), instant(r, "cleared_at"), r.getString("set_by"));
    }

    private static Maintenance maintenance(Row r) {
        String[] components = r.getArrayOfStrings("components");
        return new Maintenance(r.getUUID("id"), r.getString("title"), r.getString("description"),
                components == null ? List.of() : Arrays.asList(components), instant(r, "starts_at"),
                instant(r, "ends_at"), r.getString("created_by"), instant(r, "created_at"));
    }

    private static <T> List<T> list(RowSet<Row> rows, Function<Row, T> map) {
        List<T> out = new ArrayList<>(rows.rowCount());
        for (Row r : rows) {
            out.add(map.apply(r));
        }
        return out;
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
