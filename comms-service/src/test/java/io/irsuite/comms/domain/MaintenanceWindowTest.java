package io.irsuite.comms.domain;

import io.irsuite.platform.problem.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.irsuite.comms.domain.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Maintenance windows: [from, to), their state, what the page lists, and the rules a new one follows. */
class MaintenanceWindowTest {

    static Maintenance window(long fromSeconds, long toSeconds, String... components) {
        return new Maintenance(UUID.randomUUID(), "Database upgrade", "Checkout may be slow", List.of(components),
                T0.plusSeconds(fromSeconds), T0.plusSeconds(toSeconds), "alice", T0.minusSeconds(86400));
    }

    @ParameterizedTest(name = "window [{0}, {1}) at 0 -> {2}")
    @CsvSource({
            "60, 120, scheduled",
            "1, 120, scheduled",
            "0, 120, in_progress",
            "-60, 1, in_progress",
            "-60, 0, completed",
            "-120, -60, completed"})
    void aWindowIsScheduledThenInProgressThenCompleted(long from, long to, String state) {
        Maintenance m = window(from, to, "store");
        assertEquals(state, m.stateAt(T0));
        assertEquals("in_progress".equals(state), m.activeAt(T0));
    }

    @Test
    void thePageListsUpcomingAndRunningWindowsOfPublicComponentsOnly() {
        StatusComponent store = new StatusComponent("store", "Online store", null, true, List.of("checkout"), T0, T0);
        StatusComponent internal = new StatusComponent("batch", "Batch jobs", null, false, List.of("etl"), T0, T0);
        Maintenance running = window(-60, 3600, "store", "batch");
        Maintenance upcoming = window(86400, 90000, "store");
        Maintenance internalOnly = window(3600, 7200, "batch");
        Maintenance done = window(-7200, -3600, "store");
        StatusPage page = StatusPageBuilder.publicPage(new StatusPageBuilder.Inputs(T0, List.of(store, internal),
                List.of(), List.of(upcoming, internalOnly, done, running), List.of(), Map.of(), List.of(),
                Duration.ofHours(24), 90));
        assertEquals(List.of("in_progress", "scheduled"), page.maintenances().stream()
                .map(StatusPage.ScheduledMaintenance::status).toList());
        assertEquals(List.of("Online store"), page.maintenances().get(0).components(), "no private component named");
        assertEquals("under_maintenance", page.status());
        assertEquals("Scheduled maintenance in progress", page.description());
        assertEquals("under_maintenance", page.components().get(0).status());
    }

    @Test
    void aValidWindowBreaksNoRule() {
        assertEquals(List.of(), StatusPageRules.checkMaintenance("DB upgrade", List.of("store"), T0.plusSeconds(60),
                T0.plusSeconds(120), "We upgrade the database.\nExpect short pauses.", Set.of("store"), T0));
        // a window already under way may be announced late, as long as it has not ended
        assertEquals(List.of(), StatusPageRules.checkMaintenance("DB upgrade", List.of("store"), T0.minusSeconds(60),
                T0.plusSeconds(1), null, Set.of("store"), T0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no title|-|store|60|120|title",
            "blank title|'  '|store|60|120|title",
            "no component|DB|-|60|120|components",
            "unknown component|DB|store,nope|60|120|components[1]",
            "twice|DB|store,store|60|120|components[1]",
            "to before from|DB|store|120|60|to",
            "empty window|DB|store|60|60|to",
            "already over|DB|store|-120|-60|to",
            "no from|DB|store||120|from",
            "no to|DB|store|60||to"})
    void anInvalidWindowNamesTheField(String name, String title, String components, Long from, Long to, String field) {
        List<String> names = "-".equals(components) ? List.of() : Arrays.asList(components.split(","));
        List<FieldError> errors = StatusPageRules.checkMaintenance("-".equals(title) ? null : title, names,
                from == null ? null : T0.plusSeconds(from), to == null ? null : T0.plusSeconds(to), null,
                Set.of("store"), T0);
        assertEquals(List.of(field), errors.stream().map(FieldError::field).toList(), errors.toString());
    }

    @Test
    void componentRulesNameEachBadField() {
        List<String> services = new ArrayList<>(Arrays.asList("checkout", " cart", "checkout", ""));
        List<FieldError> errors = StatusPageRules.checkComponent("Bad Name", "", "x".repeat(101), services);
        assertEquals(List.of("name", "displayName", "group", "services[1]", "services[2]", "services[3]"),
                errors.stream().map(FieldError::field).toList(), errors.toString());
        assertEquals(List.of("displayName"), StatusPageRules.checkComponent("store", "Line\nbreak", null, null)
                .stream().map(FieldError::field).toList());
        assertTrue(StatusPageRules.checkComponent("store", "Online store", "Shop", List.of("checkout")).isEmpty());
    }

    @Test
    void overrideRulesNeedAKnownStatusAndAFutureEnd() {
        assertTrue(StatusPageRules.checkOverride("store", "major_outage", null, T0).isEmpty());
        assertTrue(StatusPageRules.checkOverride("store", "under_maintenance", T0.plusSeconds(1), T0).isEmpty());
        assertEquals(List.of("status"), StatusPageRules.checkOverride("store", "down", null, T0).stream()
                .map(FieldError::field).toList());
        assertEquals(List.of("status", "until"), StatusPageRules.checkOverride("store", null, T0, T0).stream()
                .map(FieldError::field).toList());
        assertFalse(StatusPageRules.checkOverride("store", "down", null, T0).get(0).message().isEmpty());
    }
}
