package io.irsuite.comms.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.irsuite.comms.domain.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A component's status now: incidents by severity, then maintenance, then a manual override. */
class StatusDerivationTest {

    static final StatusComponent STORE = component("store", true, "checkout", "cart");

    static StatusComponent component(String name, boolean isPublic, String... services) {
        return new StatusComponent(name, "The " + name, null, isPublic, List.of(services), T0.minus(Duration.ofDays(365)),
                T0.minus(Duration.ofDays(365)));
    }

    static IncidentState incident(String severity, String status, String... services) {
        return new IncidentState(UUID.randomUUID(), "t", severity, status, List.of(services), T0, T0, null, null,
                "RESOLVED".equals(status) ? T0 : null, T0, null, null, null, null, 0, null);
    }

    static StatusOverride override(ComponentStatus status, Instant from, Instant until, Instant cleared) {
        return new StatusOverride("store", status, from, until, cleared, "alice");
    }

    static Maintenance maintenance(Instant from, Instant to, String... components) {
        return new Maintenance(UUID.randomUUID(), "DB upgrade", null, List.of(components), from, to, "alice", from);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"SEV1, major_outage", "SEV2, partial_outage", "SEV3, degraded_performance", "SEV4, operational",
            "sev2, partial_outage", "SEV9, operational", "'', operational"})
    void severityDecidesTheStatus(String severity, ComponentStatus status) {
        assertEquals(status, ComponentStatus.ofSeverity(severity));
        assertEquals(status, StatusDerivation.derived(STORE, List.of(incident(severity, "OPEN", "cart"))));
    }

    @ParameterizedTest(name = "{0} and {1} -> {2}")
    @CsvSource({
            "SEV3, SEV2, partial_outage",
            "SEV1, SEV4, major_outage",
            "SEV4, SEV4, operational"})
    void theWorstActiveIncidentOnAnyOfItsServicesWins(String a, String b, ComponentStatus expected) {
        assertEquals(expected, StatusDerivation.derived(STORE,
                List.of(incident(a, "OPEN", "checkout"), incident(b, "MITIGATING", "cart", "search"))));
    }

    @Test
    void resolvedIncidentsAndOtherServicesDoNotCount() {
        assertEquals(ComponentStatus.operational, StatusDerivation.derived(STORE,
                List.of(incident("SEV1", "RESOLVED", "checkout"), incident("SEV1", "OPEN", "search"))));
        assertEquals(ComponentStatus.major_outage, StatusDerivation.derived(STORE,
                List.of(incident("SEV1", "REOPENED", "checkout"))));
        assertEquals(ComponentStatus.operational, StatusDerivation.derived(component("empty", true),
                List.of(incident("SEV1", "OPEN", "checkout"))));
    }

    @Test
    void maintenanceInProgressBeatsIncidentsAndAnOverrideBeatsBoth() {
        List<IncidentState> sev1 = List.of(incident("SEV1", "OPEN", "checkout"));
        Maintenance window = maintenance(T0.minusSeconds(60), T0.plusSeconds(3600), "store");
        StatusDerivation.Current underMaintenance = StatusDerivation.current(STORE, T0, sev1, List.of(), List.of(window));
        assertEquals(ComponentStatus.under_maintenance, underMaintenance.status());
        assertEquals(ComponentStatus.major_outage, underMaintenance.derived());
        assertSame(window, underMaintenance.maintenance());

        StatusOverride fine = override(ComponentStatus.operational, T0.minusSeconds(10), null, null);
        StatusDerivation.Current overridden = StatusDerivation.current(STORE, T0, sev1, List.of(fine), List.of(window));
        assertEquals(ComponentStatus.operational, overridden.status());
        assertEquals(ComponentStatus.major_outage, overridden.derived());
        assertSame(fine, overridden.override());
    }

    @ParameterizedTest(name = "from {0} until {1} cleared {2} -> in effect {3}")
    @CsvSource({
            "-60, , , true",
            "-60, 60, , true",
            "-60, 0, , false",
            "-60, -1, , false",
            "-60, , 0, false",
            "-60, 120, -30, false",
            "10, , , false",
            "0, 1, , true"})
    void anOverrideIsInEffectFromItsStartUntilItsEndOrItsClearing(long from, Long until, Long cleared, boolean inEffect) {
        StatusOverride o = override(ComponentStatus.major_outage, T0.plusSeconds(from),
                until == null ? null : T0.plusSeconds(until), cleared == null ? null : T0.plusSeconds(cleared));
        StatusDerivation.Current now = StatusDerivation.current(STORE, T0, List.of(), List.of(o), List.of());
        assertEquals(inEffect ? ComponentStatus.major_outage : ComponentStatus.operational, now.status());
        if (!inEffect) {
            assertNull(now.override());
        }
    }

    @Test
    void anotherComponentsOverrideOrMaintenanceDoesNotApply() {
        StatusOverride other = new StatusOverride("search", ComponentStatus.major_outage, T0.minusSeconds(5), null, null, "bob");
        Maintenance elsewhere = maintenance(T0.minusSeconds(5), T0.plusSeconds(5), "search");
        assertEquals(ComponentStatus.operational,
                StatusDerivation.current(STORE, T0, List.of(), List.of(other), List.of(elsewhere)).status());
    }

    @Test
    void theStatusInThePastFollowsTheRecordedHistoryWithTheSamePrecedence() {
        List<ImpactInterval> impacts = List.of(
                new ImpactInterval(UUID.randomUUID(), "cart", "SEV2", T0, T0.plusSeconds(600)),
                new ImpactInterval(UUID.randomUUID(), "checkout", "SEV1", T0.plusSeconds(300), null));
        List<StatusOverride> overrides = List.of(override(ComponentStatus.degraded_performance, T0.plusSeconds(900),
                T0.plusSeconds(1200), null));
        List<Maintenance> maintenances = List.of(maintenance(T0.plusSeconds(1500), T0.plusSeconds(1800), "store"));
        record Case(long second, ComponentStatus expected) {
        }
        for (Case c : List.of(new Case(-1, ComponentStatus.operational), new Case(0, ComponentStatus.partial_outage),
                new Case(299, ComponentStatus.partial_outage), new Case(300, ComponentStatus.major_outage),
                new Case(900, ComponentStatus.degraded_performance), new Case(1200, ComponentStatus.major_outage),
                new Case(1500, ComponentStatus.under_maintenance), new Case(1800, ComponentStatus.major_outage))) {
            assertEquals(c.expected(), StatusDerivation.at(T0.plusSeconds(c.second()), STORE, impacts, overrides,
                    maintenances), "at +" + c.second() + " s");
        }
    }
}
