package io.irsuite.platform;

import io.irsuite.platform.problem.Unavailable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which failures say "the database is unavailable" (a 503 to retry) and which are bugs or bad input. */
class UnavailableTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("connection refused", new ConnectException("Connection refused: /127.0.0.1:55432"), true),
                Arguments.of("refused, wrapped twice", new CompletionException(
                        new IllegalStateException("session", new ConnectException("refused"))), true),
                Arguments.of("connection closed under a query", ClosedConnectionException.INSTANCE, true),
                Arguments.of("channel closed", new ClosedChannelException(), true),
                Arguments.of("admin shutdown 57P01", pg("57P01"), true),
                Arguments.of("crash shutdown 57P02", pg("57P02"), true),
                Arguments.of("starting up 57P03", pg("57P03"), true),
                Arguments.of("too many connections 53300", pg("53300"), true),
                Arguments.of("connection failure 08006", pg("08006"), true),
                Arguments.of("unique violation 23505", pg("23505"), false),
                Arguments.of("NUL in text 22021", pg("22021"), false),
                Arguments.of("syntax error 42601", pg("42601"), false),
                Arguments.of("a bug", new NullPointerException(), false),
                Arguments.of("bad input", new IllegalArgumentException("nope"), false),
                Arguments.of("nothing", null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void recognisesAnUnavailableDatabase(String name, Throwable failure, boolean unavailable) {
        assertEquals(unavailable, Unavailable.database(failure));
    }

    private static PgException pg(String state) {
        return new PgException("message", "FATAL", state, null);
    }
}
