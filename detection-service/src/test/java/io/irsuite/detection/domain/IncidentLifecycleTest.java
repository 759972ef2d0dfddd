package io.irsuite.detection.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static io.irsuite.detection.domain.IncidentStatus.MONITORING;
import static io.irsuite.detection.domain.IncidentStatus.OPEN;
import static io.irsuite.detection.domain.IncidentStatus.RESOLVED;
import static io.irsuite.detection.domain.IncidentStatus.TRIAGED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IncidentLifecycleTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(5);

    /** event, from, expected target ("-" = no transition) */
    @ParameterizedTest
    @CsvSource({
            "triaged,OPEN,TRIAGED", "triaged,TRIAGED,-", "triaged,MITIGATING,-", "triaged,RESOLVED,-",
            "started,OPEN,MITIGATING", "started,TRIAGED,MITIGATING", "started,MITIGATING,-", "started,MONITORING,-",
            "started,RESOLVED,-",
            "succeeded,OPEN,MONITORING", "succeeded,TRIAGED,MONITORING", "succeeded,MITIGATING,MONITORING",
            "succeeded,MONITORING,-", "succeeded,RESOLVED,-",
            "failed,MITIGATING,TRIAGED", "failed,OPEN,-", "failed,TRIAGED,-", "failed,MONITORING,-",
            "failed,RESOLVED,-"})
    void transitions(String event, IncidentStatus from, String expected) {
        Optional<IncidentStatus> next = switch (event) {
            case "triaged" -> IncidentLifecycle.afterTriage(from);
            case "started" -> IncidentLifecycle.afterRemediationStarted(from);
            case "succeeded" -> IncidentLifecycle.afterRemediationSucceeded(from);
            case "failed" -> IncidentLifecycle.afterRemediationFailed(from);
            default -> throw new IllegalArgumentException(event);
        };
        assertEquals(expected.equals("-") ? Optional.empty() : Optional.of(IncidentStatus.valueOf(expected)), next);
    }

    @Test
    void monitoringWithEveryAlertResolvedResolvesAtOnce() {
        assertEquals(Optional.of("all alerts resolved"), IncidentLifecycle.autoResolveReason(
                MONITORING, 0, T0, T0.minusSeconds(60), T0, T0, WINDOW));
    }

    @Test
    void monitoringResolvesAfterAQuietWindow() {
        Instant mitigated = T0;
        assertEquals(Optional.empty(), IncidentLifecycle.autoResolveReason(MONITORING, 1, mitigated,
                mitigated.minusSeconds(60), null, mitigated.plus(WINDOW).minusSeconds(1), WINDOW));
        assertEquals(Optional.of("stable for 5m after mitigation"), IncidentLifecycle.autoResolveReason(
                MONITORING, 1, mitigated, mitigated.minusSeconds(60), null, mitigated.plus(WINDOW), WINDOW));
        // a new alert after mitigation restarts the window: not stable until a whole window after it
        Instant lateAlert = mitigated.plusSeconds(90);
        assertEquals(Optional.empty(), IncidentLifecycle.autoResolveReason(MONITORING, 2, mitigated,
                lateAlert, null, lateAlert.plus(WINDOW).minusSeconds(1), WINDOW));
        assertEquals(Optional.of("stable for 5m after mitigation"), IncidentLifecycle.autoResolveReason(
                MONITORING, 2, mitigated, lateAlert, null, lateAlert.plus(WINDOW), WINDOW));
    }

    @Test
    void alertsResolvedOnTheirOwnForTheWindowResolveInAnyState() {
        for (IncidentStatus s : new IncidentStatus[]{OPEN, TRIAGED, IncidentStatus.MITIGATING}) {
            assertEquals(Optional.empty(), IncidentLifecycle.autoResolveReason(s, 0, null, T0, T0,
                    T0.plus(WINDOW).minusMillis(1), WINDOW));
            assertEquals(Optional.of("alerts resolved on their own"), IncidentLifecycle.autoResolveReason(s, 0, null,
                    T0, T0, T0.plus(WINDOW), WINDOW));
            assertEquals(Optional.empty(), IncidentLifecycle.autoResolveReason(s, 1, null, T0, null,
                    T0.plus(WINDOW.multipliedBy(10)), WINDOW));
        }
        assertEquals(Optional.empty(), IncidentLifecycle.autoResolveReason(RESOLVED, 0, T0, T0, T0,
                T0.plus(WINDOW.multipliedBy(10)), WINDOW));
    }

    @Test
    void incidentKeepsServicesSortedAndTheEarliestStart() {
        Incident incident = Incident.open(alert("search", T0.minusSeconds(30)), T0);
        assertEquals("A on search", incident.title);
        assertEquals(T0.minusSeconds(30), incident.startedAt);
        incident.attach(alert("api", T0.minusSeconds(90)), T0.plusSeconds(5));
        incident.attach(alert("search", T0), T0.plusSeconds(6));
        assertArrayEquals(new String[]{"api", "search"}, incident.services);
        assertEquals(3, incident.alertCount);
        assertEquals(T0.minusSeconds(90), incident.startedAt);

        incident.alertResolved(T0.plusSeconds(10));
        incident.alertResolved(T0.plusSeconds(11));
        incident.alertResolved(T0.plusSeconds(12));
        assertEquals(0, incident.firingCount);
        assertEquals(T0.plusSeconds(12), incident.allResolvedAt);
        incident.alertRefired(T0.plusSeconds(20));
        assertEquals(1, incident.firingCount);
        assertEquals(null, incident.allResolvedAt);
    }

    @Test
    void acknowledgeOnlyOnce() {
        Incident incident = Incident.open(alert("svc", T0), T0);
        assertTrue(incident.acknowledge(T0.plusSeconds(1)));
        assertFalse(incident.acknowledge(T0.plusSeconds(2)));
        assertEquals(T0.plusSeconds(1), incident.acknowledgedAt);
    }

    @Test
    void futureStartIsClampedToDetection() {
        assertEquals(T0, Incident.open(alert("svc", T0.plusSeconds(3600)), T0).startedAt);
    }

    @Test
    void movingToMonitoringAndResolvedStampsTheTimes() {
        Incident incident = Incident.open(alert("svc", T0), T0);
        assertEquals(OPEN, incident.moveTo(MONITORING, "mitigated", T0.plusSeconds(5)));
        assertEquals(T0.plusSeconds(5), incident.mitigatedAt);
        incident.moveTo(RESOLVED, "done", T0.plusSeconds(9));
        assertEquals(T0.plusSeconds(9), incident.resolvedAt);
        assertEquals("done", incident.statusReason);
    }

    private static NormalizedAlert alert(String service, Instant startsAt) {
        return new NormalizedAlert("fp", "s", service, "A", AlertStatus.FIRING, Severity.SEV3, null, null,
                new TreeMap<>(Map.of()), startsAt, null, null, null, null, null);
    }
}
