package io.irsuite.comms.repository;

import io.irsuite.platform.problem.ConflictException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.pgclient.PgException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/** What the people-and-paging repositories share: timestamps, name arrays, and a foreign key refusing a write. */
final class OnCallSql {

    static final String FOREIGN_KEY_VIOLATION = "23503";

    private OnCallSql() {
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime t = row.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    static String[] array(Collection<String> names) {
        return names.toArray(String[]::new);
    }

    static <T> List<T> rows(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(mapper.apply(r));
        }
        return out;
    }

    static boolean isForeignKeyViolation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    /** A write a concurrent one made impossible (what it names was deleted, or it is still named): a 409. */
    static <T> Uni<T> conflictOnForeignKey(Uni<T> write, String detail) {
        return write.onFailure(OnCallSql::isForeignKeyViolation).transform(e -> new ConflictException(detail));
    }
}
