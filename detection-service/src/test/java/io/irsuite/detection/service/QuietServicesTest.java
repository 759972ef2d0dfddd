package io.irsuite.detection.service;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which new alerts the grouping worker groups without waiting for a storm's linger. */
class QuietServicesTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aServiceIsQuietUntilItHasANewAlertAndAgainAMinuteAfterItsLast() {
        GroupingWorker.QuietServices services = new GroupingWorker.QuietServices();
        assertTrue(services.anyQuietUntil(List.of("checkout"), 0), "its first new alert may open an incident");
        assertFalse(services.anyQuietUntil(List.of("checkout"), SECOND), "the next one, a second later, joins it");
        assertFalse(services.anyQuietUntil(List.of("checkout"), 50 * SECOND), "a storm's alerts keep it busy");
        assertTrue(services.anyQuietUntil(List.of("checkout"), 111 * SECOND), "a minute after its last it is quiet again");
        assertTrue(services.anyQuietUntil(List.of("checkout", "payments"), 112 * SECOND), "one quiet service is enough");
        assertFalse(services.anyQuietUntil(List.of("checkout", "payments"), 113 * SECOND));
    }

    @Test
    void itRemembersABoundedNumberOfServices() {
        GroupingWorker.QuietServices services = new GroupingWorker.QuietServices();
        int many = GroupingWorker.QuietServices.REMEMBERED;
        services.anyQuietUntil(IntStream.range(0, many).mapToObj(i -> "old-" + i).toList(), 0);
        // a minute later the old ones are forgotten when the limit is passed
        services.anyQuietUntil(List.of("new-0"), 61 * SECOND);
        assertEquals(1, services.remembered());
        // all recent: past the limit everything is forgotten (every service then counts as quiet once)
        services.anyQuietUntil(IntStream.range(0, many).mapToObj(i -> "busy-" + i).toList(), 62 * SECOND);
        assertEquals(0, services.remembered());
        assertTrue(services.anyQuietUntil(List.of("busy-1"), 63 * SECOND));
    }
}
