package io.irsuite.comms.domain;

import io.irsuite.events.Payloads;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.irsuite.comms.domain.Fixtures.EXEC;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TimelineSummariesTest {

    static Stream<Arguments> sentences() {
        return Stream.of(
                Arguments.of("IncidentOpened", Fixtures.opened(),
                        "Incident opened: HighErrorRate on checkout (SEV2)"),
                Arguments.of("IncidentOpened", new Payloads.IncidentOpened(null, "OPEN", "SEV3", List.of("cart"),
                        null, null, Fixtures.alert()), "Incident opened: HighErrorRate on checkout (SEV3)"),
                Arguments.of("IncidentTriaged", Fixtures.triaged(1, "SEV2", "payments-db"),
                        "Triaged (v1): root cause payments-db (database, confidence 0.91); severity SEV2 because "
                                + "errorRate 12% > 10%; recommended rollback of checkout (auto)"),
                Arguments.of("IncidentTriaged", new Payloads.IncidentTriaged(2, "SEV3", List.of(), null, List.of(),
                                List.of(), List.of(new Payloads.RecommendedAction("restart", "cart", 0.5, false, "")), false),
                        "Triaged (v2): root cause unknown; severity SEV3; recommended restart of cart (needs approval)"),
                Arguments.of("IncidentTriaged", new Payloads.IncidentTriaged(3, null, null,
                                new Payloads.RootCause("dns", "network", 0.9, null), null, null, List.of(), false),
                        "Triaged (v3): root cause dns (network, confidence 0.9); no action recommended"),
                Arguments.of("RemediationStarted", Fixtures.started(),
                        "Remediation started: rollback of checkout with runbook rollback-deploy"),
                Arguments.of("RemediationStepCompleted",
                        new Payloads.RemediationStepCompleted(EXEC, "roll back", "SUCCEEDED", 1, "HTTP 200 in 120 ms"),
                        "Step 'roll back' succeeded after 1 attempt: HTTP 200 in 120 ms"),
                Arguments.of("RemediationStepCompleted",
                        new Payloads.RemediationStepCompleted(EXEC, "verify", "FAILED", 3, null),
                        "Step 'verify' failed after 3 attempts"),
                Arguments.of("RemediationSucceeded",
                        new Payloads.RemediationSucceeded(EXEC, "rollback-deploy", "rollback", "checkout"),
                        "Remediation succeeded: rollback of checkout with runbook rollback-deploy"),
                Arguments.of("RemediationFailed",
                        new Payloads.RemediationFailed(EXEC, "restart-pod", "restart", "cart", "timeout after 30s"),
                        "Remediation failed: restart of cart with runbook restart-pod: timeout after 30s"),
                Arguments.of("RemediationRolledBack",
                        new Payloads.RemediationRolledBack(EXEC, "scale", "scale_up", "api", "validation failed"),
                        "Remediation rolled back: scale_up of api with runbook scale: validation failed"),
                Arguments.of("RemediationStarted", new Payloads.RemediationStarted(EXEC, "rollback-deploy", "rollback",
                                "checkout", "top action", true),
                        "Remediation started: rollback of checkout with runbook rollback-deploy (dry run: nothing will be changed)"),
                Arguments.of("RemediationSucceeded",
                        new Payloads.RemediationSucceeded(EXEC, "rollback-deploy", "rollback", "checkout", true),
                        "Remediation succeeded: rollback of checkout with runbook rollback-deploy (dry run: nothing was changed)"),
                Arguments.of("RemediationSucceeded",
                        new Payloads.RemediationSucceeded(EXEC, "rollback-deploy", "rollback", "checkout", false),
                        "Remediation succeeded: rollback of checkout with runbook rollback-deploy"),
                Arguments.of("RemediationRolledBack", new Payloads.RemediationRolledBack(EXEC, "rollback-deploy", "rollback",
                                "checkout", "alerts still firing 300 s after the steps", "not_recovered"),
                        "Remediation rolled back: rollback of checkout with runbook rollback-deploy: the service did not "
                                + "recover in time — alerts still firing 300 s after the steps"),
                Arguments.of("RemediationFailed", new Payloads.RemediationFailed(EXEC, "restart-pod", "restart", "cart",
                                "interrupted by a restart", "interrupted"),
                        "Remediation failed: restart of cart with runbook restart-pod: interrupted by a restart of the suite "
                                + "(not counted against the action) — interrupted by a restart"),
                Arguments.of("RemediationFailed", new Payloads.RemediationFailed(EXEC, "restart-pod", "restart", "cart",
                                null, "unreachable"),
                        "Remediation failed: restart of cart with runbook restart-pod: the target could not be reached "
                                + "(not counted against the action)"),
                Arguments.of("RemediationFailed", new Payloads.RemediationFailed(EXEC, "restart-pod", "restart", "cart",
                                "HTTP 503", "step_failed"),
                        "Remediation failed: restart of cart with runbook restart-pod: a step failed — HTTP 503"),
                Arguments.of("RemediationFailed", new Payloads.RemediationFailed(EXEC, "db-failover", "database_failover",
                                "orders-db", "by alice: not during the batch window", "rejected"),
                        "Remediation failed: database_failover of orders-db with runbook db-failover: rejected by a person"
                                + " — by alice: not during the batch window"),
                Arguments.of("RemediationRolledBack", new Payloads.RemediationRolledBack(EXEC, "scale", "scale_up", "api",
                                "incident resolved", "cancelled"),
                        "Remediation rolled back: scale_up of api with runbook scale: cancelled because a person took over "
                                + "or the incident resolved — incident resolved"),
                Arguments.of("RemediationOverdue", new Payloads.RemediationOverdue(EXEC, "rollback-deploy", "rollback",
                                "checkout", "SEV2", 900, 960),
                        "Remediation overdue: rollback of checkout with runbook rollback-deploy: automation still running "
                                + "16 min after the incident started, beyond the SEV2 MTTR target of 15 min"),
                Arguments.of("RemediationApprovalRequested",
                        new Payloads.RemediationApprovalRequested(EXEC, "db-failover", "database_failover", "orders-db",
                                "needs approval"),
                        "Approval requested: database_failover of orders-db with runbook db-failover (needs approval)"),
                Arguments.of("IncidentMitigated", new Payloads.IncidentMitigated("remediation", null, null),
                        "Mitigated by remediation"),
                Arguments.of("IncidentResolved",
                        new Payloads.IncidentResolved("detection", null, "all alerts resolved", null, null),
                        "Resolved: all alerts resolved"),
                Arguments.of("IncidentResolved", new Payloads.IncidentResolved("alice", "fixed by hand", null, null, null),
                        "Resolved by alice: fixed by hand"),
                Arguments.of("IncidentAcknowledged", new Payloads.IncidentAcknowledged("alice", null, null),
                        "Acknowledged by alice"),
                Arguments.of("IncidentSeverityChanged",
                        new Payloads.IncidentSeverityChanged("SEV3", "SEV2", List.of("users 12% > 10%"), "triage"),
                        "Severity changed from SEV3 to SEV2 because users 12% > 10% (by triage)"),
                Arguments.of("IncidentStatusChanged",
                        new Payloads.IncidentStatusChanged("TRIAGED", "MITIGATING", "remediation started", "detection"),
                        "Status changed from TRIAGED to MITIGATING: remediation started (by detection)"),
                Arguments.of("IncidentReopened", new Payloads.IncidentReopened("alert fired again", null),
                        "Reopened: alert fired again"),
                Arguments.of("AlertAttached", new Payloads.AlertAttached(Fixtures.alert(), List.of("checkout"), 2),
                        "Alert attached: HighErrorRate on checkout (2 alerts)"),
                Arguments.of("AlertAttached", new Payloads.AlertAttached(List.of(Fixtures.alert(), Fixtures.alert(),
                                named("HighLatency", "cart"), named("PodRestarts", "cart"), named("DiskFull", "db")),
                                List.of("checkout", "cart", "db"), 9),
                        "5 alerts attached: HighErrorRate on checkout, HighLatency on cart, PodRestarts on cart and 1 more (9 alerts)"),
                Arguments.of("AlertResolved", new Payloads.AlertResolved(Fixtures.alert(), 0),
                        "Alert resolved: HighErrorRate on checkout (0 still firing)"),
                Arguments.of("PageSent", new Payloads.PageSent("oncall", "webhook", "approval needed"),
                        "Paged oncall via webhook: approval needed"),
                Arguments.of("PageAcknowledged", new Payloads.PageAcknowledged(java.util.UUID.randomUUID(), "bob", "bob",
                        2, java.time.Instant.parse("2026-11-22T10:05:00Z")),
                        "Page acknowledged by bob through its acknowledge link (level 2 page)"),
                Arguments.of("Escalated", new Payloads.Escalated(2, List.of("alice", "bob"), "no ack in 5 min"),
                        "Escalated to level 2: alice, bob (no ack in 5 min)"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("sentences")
    void eachKnownTypeReadsAsASentence(String type, Record payload, String expected) {
        assertEquals(expected, TimelineSummaries.summarize(type, "someone", payload));
    }

    @ParameterizedTest
    @MethodSource("unknowns")
    void unknownTypesAndUnreadablePayloadsNameTypeAndProducer(String type, String producer, String expected) {
        assertEquals(expected, TimelineSummaries.summarize(type, producer, null));
    }

    static Stream<Arguments> unknowns() {
        return Stream.of(
                Arguments.of("ChaosExperimentStarted", "chaos", "ChaosExperimentStarted from chaos"),
                Arguments.of("IncidentOpened", "detection", "IncidentOpened from detection"),
                Arguments.of("Whatever", null, "Whatever from unknown producer"));
    }

    @org.junit.jupiter.api.Test
    void longFreeTextIsClippedToOneLine() {
        String output = "line one\nline two " + "x".repeat(500);
        String s = TimelineSummaries.summarize("RemediationStepCompleted", "remediation",
                new Payloads.RemediationStepCompleted(EXEC, "run", "SUCCEEDED", 2, output));
        assertEquals(false, s.contains("\n"));
        assertEquals(true, s.length() < 260);
        assertEquals(true, s.startsWith("Step 'run' succeeded after 2 attempts: line one line two xxx"));
    }

    private static Payloads.Alert named(String name, String service) {
        Payloads.Alert a = Fixtures.alert();
        return new Payloads.Alert(a.alertId(), a.fingerprint(), a.source(), service, name, a.status(), a.severity(),
                a.summary(), a.description(), a.labels(), a.startsAt(), a.endsAt(), a.metrics(), null, null);
    }
}
