package io.irsuite.comms.console;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session's cryptography and the console's words, without Quarkus. */
class SessionSealTest {

    @Test
    void aTokenOpensOnlyWithItsOwnSessionId() {
        String id = SessionSeal.newSessionId();
        assertTrue(SessionSeal.wellFormed(id));
        byte[] sealed = SessionSeal.seal("secret-token", id);
        assertEquals(Optional.of("secret-token"), SessionSeal.open(sealed, id));
        assertEquals(Optional.empty(), SessionSeal.open(sealed, SessionSeal.newSessionId()));
        sealed[sealed.length - 1] ^= 1;
        assertEquals(Optional.empty(), SessionSeal.open(sealed, id), "an altered row opens to nothing");
        assertEquals(Optional.empty(), SessionSeal.open(new byte[3], id));
        assertFalse(new String(SessionSeal.seal("secret-token", id)).contains("secret-token"));
    }

    @Test
    void sessionIdsAndCsrfTokensDifferPerSession() {
        String a = SessionSeal.newSessionId();
        String b = SessionSeal.newSessionId();
        assertNotEquals(a, b);
        assertEquals(32, SessionSeal.idHash(a).length);
        assertNotEquals(SessionSeal.csrfToken(a), SessionSeal.csrfToken(b));
        assertTrue(SessionSeal.csrfMatches(a, SessionSeal.csrfToken(a)));
        assertFalse(SessionSeal.csrfMatches(a, SessionSeal.csrfToken(b)));
        assertFalse(SessionSeal.csrfMatches(a, null));
        assertFalse(SessionSeal.csrfMatches(a, ""));
    }

    @Test
    void onlyWellFormedIdsAreLookedUp() {
        for (String bad : new String[]{null, "", "short", "x".repeat(44), "a".repeat(42) + "!"}) {
            assertFalse(SessionSeal.wellFormed(bad), String.valueOf(bad));
        }
    }

    @Test
    void agesReadToTheUnitThatMatters() {
        Object[][] table = {
                {Duration.ZERO, "0s"}, {Duration.ofSeconds(45), "45s"}, {Duration.ofSeconds(125), "2m"},
                {Duration.ofMinutes(185), "3h 5m"}, {Duration.ofHours(3), "3h"}, {Duration.ofHours(52), "2d 4h"},
                {Duration.ofDays(2), "2d"}, {Duration.ofSeconds(-5), "0s"}, {null, ""}};
        for (Object[] row : table) {
            assertEquals(row[1], ConsoleViews.age((Duration) row[0]), String.valueOf(row[0]));
        }
        assertEquals("91%", ConsoleViews.percent(0.91));
    }
}
