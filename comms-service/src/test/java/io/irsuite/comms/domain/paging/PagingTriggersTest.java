package io.irsuite.comms.domain.paging;

import io.irsuite.comms.domain.IncidentState;
import io.irsuite.events.Payloads;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PagingTriggersTest {

    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final UUID EXEC = UUID.fromString("00000000-0000-0000-0000-00000000e001");

    static IncidentState state(String severity, String status) {
        return new IncidentState(UUID.fromString("00000000-0000-0000-0000-000000000001"), "t", severity, status,
                List.of("checkout"), T0, T0, null, null, null, T0, null, null, List.of(), List.of(), 0, null);
    }

    static Payloads.Alert alert(Boolean dataLoss, Boolean security) {
        return new Payloads.Alert(UUID.randomUUID(), "fp", "prom", "checkout", "Breach", "firing", "SEV2", "s", "d",
                Map.of(), T0, null, new Payloads.AlertMetrics(0.1, null, null, null, null, null, dataLoss, security),
                null, null);
    }

    static Payloads.IncidentOpened opened(String severity, Payloads.Alert alert) {
        return new Payloads.IncidentOpened("t", "OPEN", severity, List.of("checkout"), T0, T0, alert);
    }

    static Stream<Arguments> cases() {
        IncidentState none = state(null, null);
        IncidentState sev1 = state("SEV1", "OPEN");
        IncidentState sev2 = state("SEV2", "OPEN");
        IncidentState resolvedSev1 = state("SEV1", "RESOLVED");
        return Stream.of(
                Arguments.of("SEV1 opened", opened("SEV1", null), none, sev1, "SEV1 detected"),
                Arguments.of("SEV2 opened", opened("SEV2", null), none, sev2, null),
                Arguments.of("raised to SEV1", new Payloads.IncidentSeverityChanged("SEV2", "SEV1", List.of(), "triage"), sev2, sev1, "SEV1 detected"),
                Arguments.of("SEV1 again after a re-triage", new Payloads.IncidentSeverityChanged("SEV1", "SEV1", List.of(), "triage"), sev1, sev1, null),
                Arguments.of("approval", new Payloads.RemediationApprovalRequested(EXEC, "rb", "rollback", "checkout", "r"), sev2, sev2,
                        "a remediation awaits approval (rollback on checkout)"),
                Arguments.of("step failed", new Payloads.RemediationFailed(EXEC, "rb", "restart", "checkout", "500", "step_failed"), sev2, sev2,
                        "automated remediation gave up (restart on checkout)"),
                Arguments.of("not recovered", new Payloads.RemediationRolledBack(EXEC, "rb", "restart", "checkout", "r", "not_recovered"), sev2, sev2,
                        "recovery not verified after restart on checkout"),
                Arguments.of("rejected by a person", new Payloads.RemediationFailed(EXEC, "rb", "restart", "checkout", "no", "rejected"), sev2, sev2, null),
                Arguments.of("cancelled", new Payloads.RemediationRolledBack(EXEC, "rb", "restart", "checkout", "r", "cancelled"), sev2, sev2, null),
                Arguments.of("overdue", new Payloads.RemediationOverdue(EXEC, "rb", "restart", "checkout", "SEV2", 3600, 4200), sev2, sev2,
                        "MTTR target exceeded (70 min elapsed, target 60 min)"),
                Arguments.of("data loss", opened("SEV2", alert(true, null)), none, sev2, "data loss signalled by Breach"),
                Arguments.of("security", new Payloads.AlertAttached(alert(false, true), List.of("checkout"), 2), sev2, sev2, "security signal from Breach"),
                Arguments.of("no signal", new Payloads.AlertAttached(alert(false, false), List.of("checkout"), 2), sev2, sev2, null),
                Arguments.of("data loss in the last of a run's alerts", new Payloads.AlertAttached(
                        List.of(alert(false, false), alert(true, false)), List.of("checkout"), 3), sev2, sev2,
                        "data loss signalled by Breach"),
                Arguments.of("resolved incident", new Payloads.RemediationOverdue(EXEC, "rb", "restart", "checkout", "SEV1", 60, 120), resolvedSev1, resolvedSev1, null),
                Arguments.of("no payload", null, sev1, sev1, null),
                Arguments.of("triaged as security", triaged("SEV2", "security"), sev2, withRoot(sev2, "security"),
                        "security incident (edge)"),
                Arguments.of("security again in a later version", triaged("SEV2", "security"), withRoot(sev2, "security"),
                        withRoot(sev2, "security"), null),
                Arguments.of("triaged as capacity", triaged("SEV2", "capacity"), sev2, withRoot(sev2, "capacity"), null),
                Arguments.of("SEV1 and security: one reason", triaged("SEV1", "security"), sev2, withRoot(sev1, "security"),
                        "SEV1 detected"));
    }

    static Payloads.IncidentTriaged triaged(String severity, String category) {
        return new Payloads.IncidentTriaged(2, severity, List.of(), new Payloads.RootCause("edge", category, 0.8, List.of()),
                List.of(), List.of("edge"), List.of(), false);
    }

    static IncidentState withRoot(IncidentState s, String category) {
        return new IncidentState(s.id(), s.title(), s.severity(), s.status(), s.services(), s.startedAt(),
                s.detectedAt(), s.acknowledgedAt(), s.mitigatedAt(), s.resolvedAt(), s.statusAt(), s.impact(),
                new Payloads.RootCause("edge", category, 0.8, List.of()), s.actions(), s.blastRadius(),
                s.triageVersion(), s.remediation());
    }

    @Test
    void theSecurityTeamTakesSecurityRootCausesAndSecuritySignals() {
        IncidentState sev2 = state("SEV2", "OPEN");
        assertTrue(PagingTriggers.forSecurityTeam(triaged("SEV2", "security"), withRoot(sev2, "security")));
        assertTrue(PagingTriggers.forSecurityTeam(opened("SEV1", alert(false, true)), sev2));
        assertFalse(PagingTriggers.forSecurityTeam(opened("SEV1", alert(true, false)), sev2));
        assertFalse(PagingTriggers.forSecurityTeam(triaged("SEV1", "database"), withRoot(sev2, "database")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void whenAnIncidentNeedsAPerson(String name, Record payload, IncidentState before, IncidentState after, String reason) {
        assertEquals(reason, PagingTriggers.reason(payload, before, after).orElse(null));
    }

    @Test
    void tokensAreRandomAndOnlyTheirHashMatches() {
        String a = AckTokens.newToken();
        String b = AckTokens.newToken();
        assertFalse(a.equals(b));
        assertTrue(a.matches("[A-Za-z0-9_-]{43}"), a);
        assertTrue(AckTokens.matches(a, AckTokens.hash(a)));
        assertFalse(AckTokens.matches(b, AckTokens.hash(a)));
        assertFalse(AckTokens.matches(null, AckTokens.hash(a)));
        assertFalse(AckTokens.matches("", AckTokens.hash("")));
    }
}
