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
import static io.irsuite.detection.domain.IncidentStatus.REOPENED;
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
            "triaged,OPEN,TRIAGED", "triaged,REOPENED,TRIAGED", "triaged,TRIAGED,-", "triaged,MITIGATING,-", "triaged,RESOLVED,-",
            "started,OPEN,MITIGATING", "started,TRIAGED,MITIGATING", "started,MITIGATING,-", "started,MONITORING,-",
            "started,RESOLVED,-", "started,REOPENED,MITIGATING", "succeeded,REOPENED,MONITORING",
            "succeeded,OPEN,MONITORING", "succeeded,TRIAGED,MONITORING", "succeeded,MITIGATING,MONITORING",
            "succeeded,MONITORING,-", "succeeded,RESOLVED,-",
            "failed,MITIGATING,TRIAGED", "failed,OPEN,-", "failed,TRIAGED,-", "failed,MONITORING,-",
            "failed,RESOLVED,-",
            // a dry run changes nothing, so it neither mitigates nor leads to monitoring
            "dry-started,OPEN,-", "dry-started,TRIAGED,-", "dry-started,REOPENED,-", "dry-started,MITIGATING,-",
            "dry-started,RESOLVED,-", "dry-succeeded,OPEN,-", "dry-succeeded,TRIAGED,-", "dry-succeeded,MITIGATING,-",
            "dry-succeeded,REOPENED,-", "dry-succeeded,MONITORING,-", "dry-succeeded,RESOLVED,-"})
    void transitions(String event, IncidentStatus from, String expected) {
        Optional<IncidentStatus> next = switch (event) {
            case "triaged" -> IncidentLifecycle.afterTriage(from);
            case "started" -> IncidentLifecycle.afterRemediationStarted(from, false);
            case "succeeded" -> IncidentLifecycle.afterRemediationSucceeded(from, false);
            case "dry-started" -> IncidentLifecycle.afterRemediationStarted(from, true);
            case "dry-succeeded" -> IncidentLifecycle.afterRemediationSucceeded(from, true);
            case "failed" -> IncidentLifecycle.afterRemediationFailed(from);
            default -> throw new IllegalArgumentException(event);
        };
        assertEquals(expected.equals("-") ? Optional.empty() : Optional.of(IncidentStatus.valueOf(expected)), next);
    }

    @Test
    void monitoringWithAFiringAlertNeverResolvesByItself() {
        for (Instant now : new Instant[]{T0, T0.plus(WINDOW), T0.plus(WINDOW.multipliedBy(100))}) {
            assertEquals(Optional.empty(), IncidentLifecycle.autoResolveReason(MONITORING, 1, T0, null, now, WINDOW));
        }
    }

    @Test
    void monitoringResolvesOnceEveryAlertStayedResolvedForTheWindow() {
        Instant mitigated = T0;
        Instant allResolved = T0.plusSeconds(60);
        assertEquals(Optional.empty(), IncidentLifecycle.autoResolveReason(MONITORING, 0, mitigated, allResolved,
                allResolved.plus(WINDOW).minusSeconds(1), WINDOW));
        assertEquals(Optional.of("mitigated, every alert resolved and stable for 5m"),
                IncidentLifecycle.autoResolveReason(MONITORING, 0, mitigated, allResolved, allResolved.plus(WINDOW), WINDOW));
        // alerts resolved before the mitigation: the window runs from the mitigation
        Instant lateMitigation = T0.plusSeconds(120);
        assertEquals(Optional.empty(), IncidentLifecycle.autoResolveReason(MONITORING, 0, lateMitigation, T0,
                lateMitigation.plus(WINDOW).minusSeconds(1), WINDOW));
        assertEquals(Optional.of("mitigated, every alert resolved and stable for 5m"),
                IncidentLifecycle.autoResolveReason(MONITORING, 0, lateMitigation, T0, lateMitigation.plus(WINDOW), WINDOW));
    }

    @Test
    void alertsResolvedOnTheirOwnForTheWindowResolveInAnyOpenState() {
        for (IncidentStatus s : new IncidentStatus[]{OPEN, TRIAGED, IncidentStatus.MITIGATING, REOPENED}) {
            assertEquals(Optional.empty(), IncidentLifecycle.autoResolveReason(s, 0, null, T0,
                    T0.plus(WINDOW).minusMillis(1), WINDOW));
            assertEquals(Optional.of("every alert resolved and stayed resolved for 5m"),
                    IncidentLifecycle.autoResolveReason(s, 0, null, T0, T0.plus(WINDOW), WINDOW));
            assertEquals(Optional.empty(), IncidentLifecycle.autoResolveReason(s, 1, null, null,
                    T0.plus(WINDOW.multipliedBy(10)), WINDOW));
        }
        assertEquals(Optional.empty(), IncidentLifecycle.autoResolveReason(RESOLVED, 0, T0, T0,
                T0.plus(WINDOW.multipliedBy(10)), WINDOW));
    }

    @ParameterizedTest(name = "{0} resolved {1}s ago, merged {2}: reopens {3}")
    @CsvSource({"RESOLVED,0,false,true", "RESOLVED,1799,false,true", "RESOLVED,1800,false,false",
            "RESOLVED,7200,false,false", "RESOLVED,10,true,false", "OPEN,10,false,false", "REOPENED,10,false,false"})
    void aResolvedIncidentReopensOnlyWithinTheWindow(IncidentStatus status, long secondsAgo, boolean merged,
                                                     boolean reopens) {
        assertEquals(reopens, IncidentLifecycle.reopens(status, T0, merged, T0.plusSeconds(secondsAgo),
                Duration.ofMinutes(30)));
    }

    @Test
    void reopeningClearsTheResolutionAndCounts() {
        Incident incident = Incident.open(alert("svc", T0), T0);
        incident.moveTo(RESOLVED, "done", T0.plusSeconds(9));
        assertEquals(RESOLVED, incident.reopen("A on svc fired again", T0.plusSeconds(60)));
        assertEquals(REOPENED, incident.status);
        assertEquals(null, incident.resolvedAt);
        assertEquals(T0.plusSeconds(60), incident.reopenedAt);
        assertEquals(1, incident.reopenCount);
        assertEquals("A on svc fired again", incident.statusReason);
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

    /** reported (minutes after T0, "-" = none), detectedAt, now, expected acknowledgedAt */
    @ParameterizedTest
    @CsvSource({"5,0,10,5", "-,0,10,10", "-2,0,10,0", "12,0,10,10", "0,0,10,0", "10,0,10,10"})
    void anAcknowledgementReportedByAnotherServiceKeepsItsTimeWithinDetectionAndNow(String reported, int detected,
                                                                                    int now, int expected) {
        Instant at = IncidentLifecycle.acknowledgedAt(reported.equals("-") ? null : T0.plusSeconds(60L * Integer.parseInt(reported)),
                T0.plusSeconds(60L * detected), T0.plusSeconds(60L * now));
        assertEquals(T0.plusSeconds(60L * expected), at);
    }
}
