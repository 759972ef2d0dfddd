package io.irsuite.platform.problem;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;

/**
 * Recognises a failure that says the database cannot be reached right now (down, restarting, failing
 * over), as opposed to a bug: such a request is answered {@code 503} with {@code Retry-After}, and a
 * consumed message is retried in place instead of being dead-lettered.
 */
public final class Unavailable {

    /** PostgreSQL's admin_shutdown, crash_shutdown, cannot_connect_now and too_many_connections. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

    private Unavailable() {
    }

    /** Whether {@code failure} or one of its causes is a refused, closed or shut down database connection. */
    public static boolean database(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg) {
                String state = pg.getSqlState();
                // class 08: connection exception
                if (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))) {
                    return true;
                }
            }
            if (t instanceof ConnectException || t instanceof ClosedConnectionException
                    || t instanceof ClosedChannelException) {
                return true;
            }
        }
        return false;
    }
}
